import { expect } from 'chai';
import { SearchOutboxEntry } from '../../src/index.ts';
import type { TestApp } from '../helpers/create-test-app.ts';
import { ADMIN_AUTH, bootImageAssets, createAsset, createGeneration, expectProblemNaming, getAsset, scopedAuth } from './helpers.ts';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

describe('image assets: records', () => {
  let t: TestApp;
  before(async () => {
    t = await bootImageAssets();
  });
  after(() => t.stop());

  it('creates an asset with every field of the model', async () => {
    const asset = await createAsset(t, 'create-p', {
      name: 'Main Character Portrait',
      description: 'Epic fantasy warrior',
      tags: ['character', 'fantasy', 'Character'],
      metadata: { style: 'oil' },
    });
    expect(asset).to.include({ project_id: 'create-p', name: 'Main Character Portrait', description: 'Epic fantasy warrior' });
    expect(asset.id).to.match(/^[0-9a-f-]{36}$/);
    expect(asset.tags).to.deep.equal(['character', 'fantasy']);
    expect(asset.metadata).to.deep.equal({ style: 'oil' });
    expect(asset).to.include({ thumbnail: null, favorite_generation_id: null, file_size: 0, total_generations: 0 });
    expect(new Date(asset.created_at).toISOString()).to.equal(asset.created_at);
    expect(asset.created_at.endsWith('Z')).to.equal(true);
  });

  it('gets an asset with its generations, or without them', async () => {
    const asset = await createAsset(t, 'get-p');
    const generation = await createGeneration(t, asset.id);
    const full = await getAsset(t, asset.id);
    expect(full.generations.map((g: { id: string }) => g.id)).to.deep.equal([generation.id]);
    const bare = await t.request.get(`/api/v1/assets/${asset.id}?include_generations=false`).set('Authorization', ADMIN_AUTH).expect(200);
    expect(bare.body).to.not.have.property('generations');
    expect(bare.body.total_generations).to.equal(1);
  });

  it('shows every tag of an asset, in name order, however long and odd the names', async () => {
    // Over 4 KB of names in all: more than MySQL 8 keeps of a GROUP_CONCAT by default.
    const names = Array.from({ length: 40 }, (_, i) => `${String(40 - i).padStart(2, '0')} ${'long name, with "quotes", \\ and é '.repeat(3)}`.slice(0, 100).trim());
    const created = await createAsset(t, 'long-tags', { tags: names });
    const expected = [...names].sort();
    expect(created.tags).to.deep.equal(expected);
    expect((await getAsset(t, created.id)).tags).to.deep.equal(expected);
    const list = await t.request.get('/api/v1/projects/long-tags/assets').set('Authorization', ADMIN_AUTH).expect(200);
    expect(list.body.assets[0].tags).to.deep.equal(expected);
  });

  it('answers 404 for unknown and malformed asset ids', async () => {
    await t.request.get(`/api/v1/assets/${UNKNOWN_ID}`).set('Authorization', ADMIN_AUTH).expect(404).expect('content-type', /problem\+json/);
    await t.request.get('/api/v1/assets/not-a-uuid').set('Authorization', ADMIN_AUTH).expect(404);
    await t.request.put('/api/v1/assets/not-a-uuid').set('Authorization', ADMIN_AUTH).send({ name: 'x' }).expect(404);
    await t.request.delete(`/api/v1/assets/${UNKNOWN_ID}`).set('Authorization', ADMIN_AUTH).expect(404);
  });

  it('updates the fields given, replaces tags and moves updated_at', async () => {
    const asset = await createAsset(t, 'update-p', { tags: ['old', 'keep'], description: 'before' });
    const res = await t.request
      .put(`/api/v1/assets/${asset.id}`)
      .set('Authorization', ADMIN_AUTH)
      .send({ name: 'Renamed', tags: ['keep', 'new'] })
      .expect(200);
    expect(res.body).to.include({ name: 'Renamed', description: 'before' });
    expect(res.body.tags).to.deep.equal(['keep', 'new']);
    expect(Date.parse(res.body.updated_at)).to.be.at.least(Date.parse(asset.updated_at));
    expect((await getAsset(t, asset.id)).tags).to.deep.equal(['keep', 'new']);
  });

  it('deletes an asset without generations (204), and needs force for one with generations', async () => {
    const empty = await createAsset(t, 'delete-p');
    await t.request.delete(`/api/v1/assets/${empty.id}`).set('Authorization', ADMIN_AUTH).expect(204);
    await t.request.get(`/api/v1/assets/${empty.id}`).set('Authorization', ADMIN_AUTH).expect(404);

    const busy = await createAsset(t, 'delete-p');
    const g1 = await createGeneration(t, busy.id);
    await createGeneration(t, busy.id);
    const refused = await t.request.delete(`/api/v1/assets/${busy.id}`).set('Authorization', ADMIN_AUTH).expect(409);
    expect(refused.body.detail).to.contain('2 generations');
    expect(refused.body.generation_count).to.equal(2);
    expect((await getAsset(t, busy.id)).total_generations).to.equal(2);

    await t.request.delete(`/api/v1/assets/${busy.id}?force=true`).set('Authorization', ADMIN_AUTH).expect(204);
    await t.request.get(`/api/v1/assets/${busy.id}`).set('Authorization', ADMIN_AUTH).expect(404);
    await t.request.get(`/api/v1/generations/${g1.id}`).set('Authorization', ADMIN_AUTH).expect(404);
  });

  it('refuses bad bodies with a 400 naming the field', async () => {
    const url = '/api/v1/projects/bad-p/assets';
    expectProblemNaming(await t.request.post(url).set('Authorization', ADMIN_AUTH).send({}), 400, 'body.name');
    expectProblemNaming(await t.request.post(url).set('Authorization', ADMIN_AUTH).send({ name: 'a', extra: 1 }), 400, 'body.extra');
    expectProblemNaming(await t.request.post(url).set('Authorization', ADMIN_AUTH).send({ name: 'a', tags: 'x' }), 400, 'body.tags');
    expectProblemNaming(await t.request.post(url).set('Authorization', ADMIN_AUTH).send({ name: 'a', tags: [''] }), 400, 'body.tags.0');
    expectProblemNaming(await t.request.post(url).set('Authorization', ADMIN_AUTH).send({ name: 'a', metadata: [1] }), 400, 'body.metadata');
    const malformed = await t.request.post(url).set('Authorization', ADMIN_AUTH).set('Content-Type', 'application/json').send('{"name":');
    expect(malformed.status).to.equal(400);
    const asset = await createAsset(t, 'bad-p');
    expectProblemNaming(await t.request.put(`/api/v1/assets/${asset.id}`).set('Authorization', ADMIN_AUTH).send({ name: 5 }), 400, 'body.name');
    expectProblemNaming(await t.request.put(`/api/v1/assets/${asset.id}`).set('Authorization', ADMIN_AUTH).send({ thumbnail: 'x' }), 400, 'body.thumbnail');
    const list = await t.request.get('/api/v1/projects/bad-p/assets').set('Authorization', ADMIN_AUTH).expect(200);
    expect(list.body.total).to.equal(1);
  });

  it('scopes assets to the token’s projects: other projects answer 404', async () => {
    const mine = await createAsset(t, 'scope-a');
    const theirs = await createAsset(t, 'scope-b');
    const auth = await scopedAuth(t, ['scope-a']);
    await t.request.get(`/api/v1/assets/${mine.id}`).set('Authorization', auth).expect(200);
    await t.request.get(`/api/v1/assets/${theirs.id}`).set('Authorization', auth).expect(404);
    await t.request.put(`/api/v1/assets/${theirs.id}`).set('Authorization', auth).send({ name: 'x' }).expect(404);
    await t.request.delete(`/api/v1/assets/${theirs.id}`).set('Authorization', auth).expect(404);
    await t.request.get('/api/v1/projects/scope-b/assets').set('Authorization', auth).expect(404);
    await t.request.post('/api/v1/projects/scope-b/assets').set('Authorization', auth).send({ name: 'x' }).expect(404);
    await t.request.get('/api/v1/projects/scope-b/tags').set('Authorization', auth).expect(404);
    const readOnly = await scopedAuth(t, ['scope-a'], false);
    await t.request.post('/api/v1/projects/scope-a/assets').set('Authorization', readOnly).send({ name: 'x' }).expect(403);
  });

  it('writes a search outbox row in the transaction of each change, and none for a refused one', async () => {
    const count = () => SearchOutboxEntry.count({ where: { indexName: 'image-assets' } });
    const before = await count();
    const asset = await createAsset(t, 'outbox-p');
    expect(await count()).to.equal(before + 1);
    await t.request.put(`/api/v1/assets/${asset.id}`).set('Authorization', ADMIN_AUTH).send({ tags: ['x'] }).expect(200);
    expect(await count()).to.equal(before + 2);
    await t.request.post('/api/v1/projects/outbox-p/assets').set('Authorization', ADMIN_AUTH).send({ name: '' }).expect(400);
    await createGeneration(t, asset.id);
    await t.request.delete(`/api/v1/assets/${asset.id}`).set('Authorization', ADMIN_AUTH).expect(409);
    expect(await count()).to.equal(before + 3);
  });

  it('counts each tag used in a project', async () => {
    await createAsset(t, 'tags-p', { tags: ['character', 'fantasy'] });
    await createAsset(t, 'tags-p', { tags: ['character'] });
    await createAsset(t, 'tags-p', { tags: ['environment', 'Character'] });
    await createAsset(t, 'tags-other', { tags: ['environment'] });
    const res = await t.request.get('/api/v1/projects/tags-p/tags').set('Authorization', ADMIN_AUTH).expect(200);
    expect(res.body).to.deep.equal({
      tags: [
        { name: 'character', count: 3 },
        { name: 'environment', count: 1 },
        { name: 'fantasy', count: 1 },
      ],
    });
  });

  it('exposes views by id for the search plugin, in the order asked', async () => {
    const { IMAGE_ASSETS } = await import('../../plugins/image-assets/tokens.ts');
    const a = await createAsset(t, 'views-p', { name: 'A', tags: ['t'] });
    const b = await createAsset(t, 'views-p', { name: 'B' });
    const views = await t.container.get(IMAGE_ASSETS.service).viewsByIds([b.id, a.id]);
    expect(views.map((v) => v.name)).to.deep.equal(['B', 'A']);
    expect(views[1].tags).to.deep.equal(['t']);
  });

  it('follows renames and deletions of shared tags, refreshing the search documents', async () => {
    const asset = await createAsset(t, 'shared-tags-p', { tags: ['oldname', 'stays'] });
    const tag = (await t.request.get('/api/tags?name=oldname').set('Authorization', ADMIN_AUTH).expect(200)).body.items[0];
    const queued = () => SearchOutboxEntry.count({ where: { indexName: 'image-assets', documentId: asset.id } });
    const before = await queued();
    await t.request.put(`/api/tags/${tag.id}`).set('Authorization', ADMIN_AUTH).send({ name: 'newname' }).expect(200);
    expect((await getAsset(t, asset.id)).tags).to.deep.equal(['newname', 'stays']);
    expect(await queued()).to.equal(before + 1);
    await t.request.delete(`/api/tags/${tag.id}`).set('Authorization', ADMIN_AUTH).expect(204);
    expect((await getAsset(t, asset.id)).tags).to.deep.equal(['stays']);
    expect(await queued()).to.equal(before + 2);
  });
});
