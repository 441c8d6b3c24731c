import { expect } from 'chai';
import type supertest from 'supertest';
import { ADMIN_AUTH, createTestApp, type TestApp } from '../helpers/create-test-app.ts';
import { SEARCH } from '../../plugins/search/tokens.ts';
import { ADMIN_ENV, signedInAgent } from './admin-session.ts';

describe('admin: tags go through TagService', function () {
  this.timeout(120_000);
  let t: TestApp;
  let admin: supertest.Agent;

  const createTag = async (body: Record<string, unknown>) => {
    const res = await t.request.post('/api/tags').set('Authorization', ADMIN_AUTH).send(body);
    expect(res.status).to.equal(201);
    return res.body as { id: string; name: string; color: string | null };
  };
  const apiTag = async (id: string) => (await t.request.get(`/api/tags/${id}`).set('Authorization', ADMIN_AUTH)).body;

  before(async () => {
    t = await createTestApp({ env: ADMIN_ENV });
    admin = await signedInAgent(t.app);
  });
  after(async () => t?.stop());

  it('edits a colour in the dashboard and GET /api/tags shows it', async () => {
    const tag = await createTag({ name: 'sunset', color: '#112233' });
    const res = await admin.post(`/admin/api/resources/tags/records/${tag.id}/edit`).field('name', 'sunset').field('color', '#ff8800').field('description', '');
    expect(res.status).to.equal(200);
    expect(res.body.notice.type).to.equal('success');
    const list = await t.request.get('/api/tags').query({ name: 'sunset' }).set('Authorization', ADMIN_AUTH);
    expect(list.body.items[0].color).to.equal('#ff8800');
    expect(list.body.items[0].description).to.equal(null);
  });

  it('refuses a bad colour with the API\'s validation, naming the field, and changes nothing', async () => {
    const tag = await createTag({ name: 'forest', color: '#00aa00' });
    const res = await admin.post(`/admin/api/resources/tags/records/${tag.id}/edit`).field('color', 'green-ish');
    expect(res.status).to.equal(200);
    expect(res.body.notice.type).to.equal('error');
    expect(res.body.record.errors.color.message).to.match(/hex colour/);
    expect((await apiTag(tag.id)).color).to.equal('#00aa00');
  });

  it('refuses a rename onto another tag\'s name (case-insensitive), as the API does', async () => {
    await createTag({ name: 'Ocean' });
    const tag = await createTag({ name: 'sea' });
    const res = await admin.post(`/admin/api/resources/tags/records/${tag.id}/edit`).field('name', 'OCEAN');
    expect(res.body.notice.type).to.equal('error');
    expect(res.body.notice.message).to.match(/already exists/);
    expect((await apiTag(tag.id)).name).to.equal('sea');
  });

  it('creates and deletes through the service', async () => {
    const created = await admin.post('/admin/api/resources/tags/actions/new').field('name', 'made-in-dashboard').field('color', '#abc');
    expect(created.body.notice.type).to.equal('success');
    const id = created.body.record.params.id as string;
    expect((await apiTag(id)).color).to.equal('#abc');
    const removed = await admin.post(`/admin/api/resources/tags/records/${id}/delete`);
    expect(removed.body.notice.type).to.equal('success');
    expect((await t.request.get(`/api/tags/${id}`).set('Authorization', ADMIN_AUTH)).status).to.equal(404);
  });

  it('merges two tags: the media assets of both end up with the target, counted once', async () => {
    const source = await createTag({ name: 'kitten' });
    const target = await createTag({ name: 'cat' });
    const media = async (tagIds: string[]) =>
      (await t.request.post('/api/media-assets').set('Authorization', ADMIN_AUTH).send({ file_name: `m-${tagIds.length}-${Math.random()}.png`, file_type: 'png', content_type: 'image/png', tag_ids: tagIds })).body.id as string;
    const onlySource = await media([source.id]);
    const both = await media([source.id, target.id]);
    const onlyTarget = await media([target.id]);
    // GET on a plugin action shows the form; nothing happens until it is posted.
    const preview = await admin.get(`/admin/api/resources/tags/records/${source.id}/mergeTag`);
    expect(preview.status).to.equal(200);
    expect((await apiTag(source.id)).id).to.equal(source.id);

    const res = await admin.post(`/admin/api/resources/tags/records/${source.id}/mergeTag`).send({ target: 'CAT' });
    expect(res.status).to.equal(200);
    expect(res.body.notice.type).to.equal('success');
    expect((await t.request.get(`/api/tags/${source.id}`).set('Authorization', ADMIN_AUTH)).status).to.equal(404);
    const count = await t.request.get(`/api/tags/${target.id}/count`).set('Authorization', ADMIN_AUTH);
    expect(count.body.count).to.equal(3);
    const ids = await t.request.get(`/api/tags/${target.id}/assets`).set('Authorization', ADMIN_AUTH);
    expect(ids.body.items.map((i: { id?: string } | string) => (typeof i === 'string' ? i : i.id)).sort()).to.deep.equal([onlySource, both, onlyTarget].sort());
  });

  it('merges tags on image assets too, and their search documents follow', async () => {
    const create = async (name: string, tags: string[]) =>
      (await t.request.post('/api/v1/projects/p1/assets').set('Authorization', ADMIN_AUTH).send({ name, tags })).body.id as string;
    const a = await create('Fox A', ['vulpes']);
    const b = await create('Fox B', ['vulpes', 'fox']);
    const source = (await t.request.get('/api/tags').query({ name: 'vulpes' }).set('Authorization', ADMIN_AUTH)).body.items[0];
    const fox = (await t.request.get('/api/tags').query({ name: 'fox' }).set('Authorization', ADMIN_AUTH)).body.items[0];
    // By id, as the dashboard's tag picker posts it.
    const res = await admin.post(`/admin/api/resources/tags/records/${source.id}/mergeTag`).send({ target: fox.id });
    expect(res.body.notice.type).to.equal('success');
    const tagsOf = async (id: string) => (await t.request.get(`/api/v1/assets/${id}`).set('Authorization', ADMIN_AUTH)).body.tags;
    expect(await tagsOf(a)).to.deep.equal(['fox']);
    expect(await tagsOf(b)).to.deep.equal(['fox']);
    const counts = await t.request.get('/api/v1/projects/p1/tags').set('Authorization', ADMIN_AUTH);
    expect(counts.body.tags).to.deep.include({ name: 'fox', count: 2 });
    expect(counts.body.tags.map((c: { name: string }) => c.name)).not.to.include('vulpes');
    // The search documents were queued in the merge's transaction: once delivered, the new tag finds both, the old one none.
    await t.container.get(SEARCH.outboxWorker).drain();
    const search = (q: string) => t.request.get('/api/v1/projects/p1/assets/search').query({ q, fields: 'tags' }).set('Authorization', ADMIN_AUTH);
    expect((await search('fox')).body.assets.map((x: { id: string }) => x.id).sort()).to.deep.equal([a, b].sort());
    expect((await search('vulpes')).body.total).to.equal(0);
  });

  it('refuses merging a tag into itself, into an unknown tag or into none', async () => {
    const tag = await createTag({ name: 'lonely' });
    const self = await admin.post(`/admin/api/resources/tags/records/${tag.id}/mergeTag`).send({ target: 'lonely' });
    expect(self.body.notice.type).to.equal('error');
    const unknown = await admin.post(`/admin/api/resources/tags/records/${tag.id}/mergeTag`).send({ target: 'no-such-tag' });
    expect(unknown.body.notice.type).to.equal('error');
    const none = await admin.post(`/admin/api/resources/tags/records/${tag.id}/mergeTag`).send({ target: '' });
    expect(none.body.notice.type).to.equal('error');
    expect(none.body.notice.message).to.contain('target');
    expect((await apiTag(tag.id)).name).to.equal('lonely');
  });
});
