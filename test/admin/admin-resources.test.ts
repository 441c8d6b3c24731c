import { expect } from 'chai';
import sharp from 'sharp';
import supertest from 'supertest';
import { ADMIN_AUTH, createTestApp, type TestApp } from '../helpers/create-test-app.ts';
import { runSeeders } from '../../src/core/db/seeders.ts';
import { Generation, ImageAsset } from '../../plugins/image-assets/tokens.ts';
import { ADMIN_ENV, signedInAgent } from './admin-session.ts';

/** Every dashboard write goes through the owning plugin's service: what the API answers afterwards is the proof. */
describe('admin: resources write through their services', function () {
  this.timeout(120_000);
  let t: TestApp;
  let admin: supertest.Agent;
  const api = (url: string) => t.request.get(url).set('Authorization', ADMIN_AUTH);
  const assetNamed = async (name: string) => (await ImageAsset.findOne({ where: { name } }))!;

  before(async () => {
    t = await createTestApp({ env: ADMIN_ENV });
    await runSeeders(t.container, () => undefined);
    admin = await signedInAgent(t.app);
  });
  after(async () => t?.stop());

  describe('image assets', () => {
    it('lists with signed thumbnail URLs that load, and tags', async () => {
      const res = await admin.get('/admin/api/resources/image_assets/actions/list');
      expect(res.status).to.equal(200);
      expect(res.body.records).to.have.length(3);
      const record = res.body.records.find((r: { params: { name: string } }) => r.params.name === 'Main Character Portrait');
      expect(record.params.tagList).to.equal('character, concept');
      expect(record.params.thumbnailUrl).to.match(/^\/api\/v1\/assets\/[0-9a-f-]+\/thumbnail\?.*sig=/);
      const image = await supertest(t.app).get(record.params.thumbnailUrl);
      expect(image.status).to.equal(200);
      expect(image.headers['content-type']).to.match(/^image\//);
    });

    it('filters by project', async () => {
      const none = await admin.get('/admin/api/resources/image_assets/actions/list').query({ 'filters.projectId': 'other-project' });
      expect(none.body.records).to.have.length(0);
      const demo = await admin.get('/admin/api/resources/image_assets/actions/list').query({ 'filters.projectId': 'demo' });
      expect(demo.body.records).to.have.length(3);
    });

    it('filters by tags (all of them, any case) and by date', async () => {
      const list = (query: Record<string, string>) => admin.get('/admin/api/resources/image_assets/actions/list').query(query);
      const names = (res: supertest.Response) => res.body.records.map((r: { params: { name: string } }) => r.params.name).sort();
      expect(names(await list({ 'filters.tagList': 'Character' }))).to.deep.equal(['Main Character Portrait']);
      expect(names(await list({ 'filters.tagList': 'character, concept' }))).to.deep.equal(['Main Character Portrait']);
      expect(names(await list({ 'filters.tagList': 'character, item' }))).to.deep.equal([]);
      expect(names(await list({ 'filters.tagList': 'no-such-tag' }))).to.deep.equal([]);
      const both = await list({ 'filters.tagList': 'environment', 'filters.projectId': 'demo' });
      expect(names(both)).to.deep.equal(['Dragon Lair']);
      expect(both.body.meta.total).to.equal(1);
      const future = await list({ 'filters.createdAt~~from': '2999-01-01' });
      expect(future.body.records).to.have.length(0);
      expect((await list({ 'filters.createdAt~~from': '2000-01-01' })).body.records).to.have.length(3);
    });

    it('shows an asset with its generations and their images', async () => {
      const asset = await assetNamed('Dragon Lair');
      const res = await admin.get(`/admin/api/resources/image_assets/records/${asset.id}/show`);
      const generations = JSON.parse(res.body.record.params.generationsJson);
      expect(generations).to.have.length(6);
      expect(generations.filter((g: { image_url: string | null }) => g.image_url)).to.have.length(2);
    });

    it('edits name, description, tags and metadata through ImageAssetService', async () => {
      const asset = await assetNamed('Enchanted Sword');
      const res = await admin
        .post(`/admin/api/resources/image_assets/records/${asset.id}/edit`)
        .field('name', 'Enchanted Blade')
        .field('description', 'Now with more runes')
        .field('tagList', 'item, weapon')
        .field('metadataJson', '{"rarity":"legendary"}');
      expect(res.body.notice.type).to.equal('success');
      const view = (await api(`/api/v1/assets/${asset.id}`)).body;
      expect(view.name).to.equal('Enchanted Blade');
      expect(view.description).to.equal('Now with more runes');
      expect(view.tags).to.deep.equal(['item', 'weapon']);
      expect(view.metadata).to.deep.equal({ rarity: 'legendary' });
      // The tag it created is a real one, in the shared vocabulary.
      expect((await api('/api/tags').query({ name: 'weapon' })).body.total).to.equal(1);
    });

    it('refuses bad metadata JSON and an empty name, changing nothing', async () => {
      const asset = await assetNamed('Dragon Lair');
      const bad = await admin.post(`/admin/api/resources/image_assets/records/${asset.id}/edit`).field('metadataJson', '{not json');
      expect(bad.body.notice.type).to.equal('error');
      expect(bad.body.record.errors).to.have.property('metadataJson');
      const empty = await admin.post(`/admin/api/resources/image_assets/records/${asset.id}/edit`).field('name', '   ');
      expect(empty.body.notice.type).to.equal('error');
      expect(empty.body.record.errors).to.have.property('name');
      expect((await api(`/api/v1/assets/${asset.id}`)).body.name).to.equal('Dragon Lair');
    });

    it('has no raw create: new is switched off', async () => {
      const res = await admin.post('/admin/api/resources/image_assets/actions/new').field('name', 'raw').field('projectId', 'demo');
      expect(res.body.notice.type).to.equal('error');
      expect(await ImageAsset.count({ where: { name: 'raw' } })).to.equal(0);
    });

    it('deletes with the API\'s force rule: refused while it has generations, then "Delete with generations"', async () => {
      const asset = await assetNamed('Dragon Lair');
      const refused = await admin.post(`/admin/api/resources/image_assets/records/${asset.id}/delete`);
      expect(refused.body.notice.type).to.equal('error');
      expect(refused.body.notice.message).to.match(/force/);
      expect((await api(`/api/v1/assets/${asset.id}`)).status).to.equal(200);
      const forced = await admin.post(`/admin/api/resources/image_assets/records/${asset.id}/deleteWithGenerations`).send({});
      expect(forced.body.notice.type).to.equal('success');
      expect((await api(`/api/v1/assets/${asset.id}`)).status).to.equal(404);
      expect(await Generation.count({ where: { assetId: asset.id } })).to.equal(0);
    });
  });

  describe('generation status', () => {
    it('offers only the forward moves, and a pending generation can be marked completed at once', async () => {
      const asset = (await ImageAsset.findOne({ where: { name: 'Main Character Portrait' } }))!;
      const created = await t.request.post(`/api/v1/assets/${asset.id}/generations`).set('Authorization', ADMIN_AUTH).send({ parameters: { model: 'sdxl', seed: 7 } }).expect(201);
      const id = created.body.id as string;
      const done = await admin.post(`/admin/api/resources/image_generations/records/${id}/markCompleted`).send({});
      expect(done.body.notice.type, JSON.stringify(done.body.notice)).to.equal('success');
      expect((await api(`/api/v1/generations/${id}`)).body.status).to.equal('completed');
      const refused = await admin.post(`/admin/api/resources/image_generations/records/${id}/markFailed`).send({});
      expect(refused.body.notice.type).to.equal('error');
      expect(refused.body.notice.message).to.contain('completed').and.to.contain('failed');
      expect((await api(`/api/v1/generations/${id}`)).body.status).to.equal('completed');
    });
  });

  describe('generation pages', () => {
    it('show the settings by name and the JSON columns as text, and list the asset by reference', async () => {
      const asset = await assetNamed('Main Character Portrait');
      const parameters = { positive_prompt: 'a knight at rest', negativePrompt: 'text', model: 'sdxl', seed: 9, sampler_name: 'euler', steps: 20, cfg: 5 };
      const created = await t.request.post(`/api/v1/assets/${asset.id}/generations`).set('Authorization', ADMIN_AUTH).send({ parameters }).expect(201);
      const shown = (await admin.get(`/admin/api/resources/image_generations/records/${created.body.id}/show`)).body.record;
      expect(shown.params).to.include({ prompt: 'a knight at rest', negativePrompt: 'text', model: 'sdxl', seed: '9', sampler: 'euler', steps: '20', cfgScale: '5', size: null });
      expect(JSON.parse(shown.params.parametersJson)).to.deep.equal(parameters);
      expect(shown.params.metadataJson).to.equal('{}');
      // AdminJS would hand these to React as objects.
      expect(Object.keys(shown.params).filter((key) => /^(parameters|metadata)(\.|$)/.test(key))).to.deep.equal([]);
      const list = await admin.get('/admin/api/resources/image_generations/actions/list').query({ 'filters.assetId': asset.id });
      const row = list.body.records.find((r: { id: string }) => r.id === created.body.id);
      expect(row.populated.assetId.title).to.equal('Main Character Portrait');
    });
  });

  describe('generation favourites', () => {
    it('a GET shows the action and changes nothing; the POST sets the favourite and the API agrees', async () => {
      const generation = (await Generation.findOne({ where: { status: 'completed', isFavorite: false } }))!;
      const shown = await admin.get(`/admin/api/resources/image_generations/records/${generation.id}/setFavorite`);
      expect(shown.status).to.equal(200);
      expect((await api(`/api/v1/generations/${generation.id}`)).body.is_favorite).to.equal(false);
      const set = await admin.post(`/admin/api/resources/image_generations/records/${generation.id}/setFavorite`).send({});
      expect(set.body.notice.type).to.equal('success');
      expect((await api(`/api/v1/generations/${generation.id}`)).body.is_favorite).to.equal(true);
      expect((await api(`/api/v1/assets/${generation.assetId}`)).body.favorite_generation_id).to.equal(generation.id);
      const cleared = await admin.post(`/admin/api/resources/image_generations/records/${generation.id}/clearFavorite`).send({});
      expect(cleared.body.notice.type).to.equal('success');
      expect((await api(`/api/v1/generations/${generation.id}`)).body.is_favorite).to.equal(false);
    });

    it('keeps the favourite rule: one favourite per asset, the previous one cleared', async () => {
      const asset = (await ImageAsset.findOne({ where: { name: 'Main Character Portrait' } }))!;
      const first = (await Generation.findOne({ where: { assetId: asset.id, status: 'completed' } }))!;
      expect((await admin.post(`/admin/api/resources/image_generations/records/${first.id}/setFavorite`).send({})).body.notice.type).to.equal('success');
      const before = first.id;
      const other = (await Generation.findOne({ where: { assetId: asset.id, status: 'failed' } }))!;
      const res = await admin.post(`/admin/api/resources/image_generations/records/${other.id}/setFavorite`).send({});
      expect(res.body.notice.type).to.equal('success');
      expect((await api(`/api/v1/generations/${other.id}`)).body.is_favorite).to.equal(true);
      expect((await api(`/api/v1/generations/${before}`)).body.is_favorite).to.equal(false);
      expect((await api(`/api/v1/assets/${asset.id}`)).body.favorite_generation_id).to.equal(other.id);
      const favourites = await api(`/api/v1/assets/${asset.id}/generations`).query({ is_favorite: 'true' });
      expect(favourites.body.generations).to.have.length(1);
    });

    it('has no raw edit of generations', async () => {
      const generation = (await Generation.findOne({ where: { status: 'failed' } }))!;
      const res = await admin.post(`/admin/api/resources/image_generations/records/${generation.id}/edit`).field('isFavorite', 'true').field('status', 'completed');
      expect(res.body.notice.type).to.equal('error');
      expect((await api(`/api/v1/generations/${generation.id}`)).body.status).to.equal('failed');
    });
  });

  describe('media library', () => {
    const moodboard = async () => {
      const list = await api('/api/media-assets').query({ search: 'moodboard' });
      return list.body.items[0] as { id: string; file_name: string; file_size_bytes: number; sha256: string };
    };

    it('lists with a preview and a download link that needs the session', async () => {
      const asset = await moodboard();
      const res = await admin.get(`/admin/api/resources/media_assets/records/${asset.id}/show`);
      expect(res.body.record.params.previewUrl).to.equal(`/admin/downloads/media_assets/${asset.id}?inline=1`);
      const download = await admin.get(res.body.record.params.downloadUrl).buffer(true);
      expect(download.status).to.equal(200);
      expect(download.headers['content-disposition']).to.match(/^attachment; filename\*=UTF-8''moodboard\.png/);
      expect(download.body.length).to.equal(asset.file_size_bytes);
      const preview = await admin.get(res.body.record.params.previewUrl);
      expect(preview.headers['content-disposition']).to.match(/^inline/);
      expect((await supertest(t.app).get(res.body.record.params.downloadUrl)).status).to.equal(302);
    });

    it('renames and retags by tag name through MediaAssetService; an unknown tag name is refused', async () => {
      const asset = await moodboard();
      const res = await admin.post(`/admin/api/resources/media_assets/records/${asset.id}/edit`).field('fileName', 'moodboard-v2.png').field('tagList', 'environment');
      expect(res.body.notice.type).to.equal('success');
      const view = (await api(`/api/media-assets/${asset.id}`)).body;
      expect(view.file_name).to.equal('moodboard-v2.png');
      expect(view.tags.map((tg: { name: string }) => tg.name)).to.deep.equal(['environment']);
      const refused = await admin.post(`/admin/api/resources/media_assets/records/${asset.id}/edit`).field('tagList', 'no-such-tag');
      expect(refused.body.notice.type).to.equal('error');
      expect((await api(`/api/media-assets/${asset.id}`)).body.tags).to.have.length(1);
    });

    it('replaces the file (multipart) through the service', async () => {
      const list = await api('/api/media-assets').query({ search: 'moodboard' });
      const asset = list.body.items[0];
      const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#336699' } }).png().toBuffer();
      const res = await admin.post(`/admin/api/resources/media_assets/records/${asset.id}/replaceFile`).attach('file', png, 'replacement.png');
      expect(res.body.notice.type).to.equal('success');
      const view = (await api(`/api/media-assets/${asset.id}`)).body;
      expect(view.file_size_bytes).to.equal(png.length);
      expect(view.width).to.equal(40);
    });
  });

  describe('files, API keys and accounts', () => {
    it('files are read-only, with the storage used', async () => {
      const res = await admin.post('/admin/api/resources/files/actions/storageUsed').send({});
      expect(res.body.notice.type).to.equal('success');
      expect(res.body.data.total_bytes).to.be.greaterThan(0);
      const file = (await admin.get('/admin/api/resources/files/actions/list')).body.records[0];
      const edit = await admin.post(`/admin/api/resources/files/records/${file.id}/edit`).field('refCount', '99');
      expect(edit.body.notice.type).to.equal('error');
      expect((await admin.get(`/admin/api/resources/files/records/${file.id}/show`)).body.record.params.refCount).to.equal(file.params.refCount);
    });

    it('creates an API key whose token is shown once, and revokes it', async () => {
      // The form's checkboxes post booleans.
      const created = await admin.post('/admin/api/resources/api_keys/actions/createApiKey').send({ name: 'from-dashboard', projects: 'demo', write: false, mediaLibrary: false });
      expect(created.body.notice.type).to.equal('success');
      const token = created.body.data.token as string;
      expect((await supertest(t.app).get('/api/v1/projects/demo/tags').set('Authorization', `Bearer ${token}`)).status).to.equal(200);
      expect((await supertest(t.app).post('/api/v1/projects/demo/assets').set('Authorization', `Bearer ${token}`).send({ name: 'refused' })).status).to.equal(403);
      expect((await supertest(t.app).get('/api/tags').set('Authorization', `Bearer ${token}`)).status).to.equal(403);
      const granted = await admin.post('/admin/api/resources/api_keys/actions/createApiKey').send({ name: 'with media', projects: 'demo', write: true, mediaLibrary: true });
      expect((await supertest(t.app).get('/api/tags').set('Authorization', `Bearer ${granted.body.data.token}`)).status).to.equal(200);
      expect((await supertest(t.app).post('/api/v1/projects/demo/assets').set('Authorization', `Bearer ${granted.body.data.token}`).send({ name: 'written' })).status).to.equal(201);
      // A multipart form posts them as text; the older yes/no text is still read.
      const asText = await admin.post('/admin/api/resources/api_keys/actions/createApiKey').field('name', 'as text').field('projects', 'demo').field('write', 'true').field('mediaLibrary', 'no');
      expect(asText.body.data.key).to.include({ can_write: true, media_library: false });
      await admin.post('/admin/api/resources/api_keys/actions/createApiKey').send({ name: 'every project', projects: '', write: false, mediaLibrary: true });
      const keys = await admin.get('/admin/api/resources/api_keys/actions/list');
      const scope = (name: string) => keys.body.records.find((r: { params: { name: string } }) => r.params.name === name).params.projects;
      expect(scope('as text')).to.equal('demo');
      expect(scope('every project')).to.equal('All projects');
      expect(keys.body.records[0].params).not.to.have.property('projectIds');
      const shown = await admin.get(`/admin/api/resources/api_keys/records/${created.body.data.key.id}/show`);
      expect(JSON.stringify(shown.body)).not.to.contain(token);
      expect(shown.body.record.params).not.to.have.property('tokenHash');
      const revoked = await admin.post(`/admin/api/resources/api_keys/records/${created.body.data.key.id}/revokeApiKey`).send({});
      expect(revoked.body.notice.type).to.equal('success');
      expect((await supertest(t.app).get('/api/v1/projects/demo/tags').set('Authorization', `Bearer ${token}`)).status).to.equal(401);
    });

    it('creates an admin account with a hashed password that can sign in; never shows hashes; keeps the last account', async () => {
      const created = await admin.post('/admin/api/resources/admin_accounts/actions/new').field('email', 'second@example.com').field('password', 'another long password');
      expect(created.body.notice.type).to.equal('success');
      const second = await signedInAgent(t.app, 'second@example.com', 'another long password');
      expect((await second.get('/admin/api/dashboard')).status).to.equal(200);
      const list = await admin.get('/admin/api/resources/admin_accounts/actions/list');
      expect(JSON.stringify(list.body)).not.to.contain('scrypt$');
      const short = await admin.post('/admin/api/resources/admin_accounts/actions/new').field('email', 'third@example.com').field('password', 'short');
      expect(short.body.notice.type).to.equal('error');
      const byEmail = (email: string) => list.body.records.find((r: { params: { email: string } }) => r.params.email === email);
      // A new password ends the account's sessions; signing in with it works.
      const changed = await admin.post(`/admin/api/resources/admin_accounts/records/${byEmail('second@example.com').id}/edit`).field('password', 'a changed long password');
      expect(changed.body.notice.type).to.equal('success');
      expect((await second.get('/admin/api/dashboard')).status).to.equal(401);
      const again = await signedInAgent(t.app, 'second@example.com', 'a changed long password');
      expect((await again.get('/admin/api/dashboard')).status).to.equal(200);
      const removed = await admin.post(`/admin/api/resources/admin_accounts/records/${byEmail('second@example.com').id}/delete`);
      expect(removed.body.notice.type).to.equal('success');
      expect((await again.get('/admin/api/dashboard')).status).to.equal(401); // its sessions ended with it
      const last = await admin.post(`/admin/api/resources/admin_accounts/records/${byEmail('curator@example.com').id}/delete`);
      expect(last.body.notice.type).to.equal('error');
      expect((await admin.get('/admin/api/resources/admin_accounts/actions/list')).body.records).to.have.length(1);
    });
  });
});
