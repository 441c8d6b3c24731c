import { expect } from 'chai';
import type { TestApp } from '../helpers/create-test-app.ts';
import { CORE } from '../../src/index.ts';
import { adminApi, countRows, createMediaApp, createRecord, createTag, outboxCount } from './media-helpers.ts';

const MISSING = '00000000-0000-4000-8000-000000000000';

describe('media assets: records and tags', () => {
  let t: TestApp;
  let api: ReturnType<typeof adminApi>;
  before(async () => {
    t = await createMediaApp();
    api = adminApi(t);
  });
  after(() => t.stop());

  it('creates a metadata-only record, reads, updates and deletes it', async () => {
    const tag = await createTag(t, 'Docs');
    const created = await api
      .post('/api/media-assets')
      .send({ file_name: 'manual.pdf', file_type: '.PDF', content_type: 'application/pdf', tag_ids: [tag] })
      .expect(201);
    expect(created.body).to.include({ file_name: 'manual.pdf', file_type: 'pdf', content_type: 'application/pdf', uploaded_by: 'admin', file_size_bytes: null, storage_location: null, download_url: null });
    expect(created.body.tag_ids).to.deep.equal([tag]);
    expect(created.body.tags).to.deep.equal([{ id: tag, name: 'Docs', color: null }]);
    expect(created.body.uploaded_at).to.equal(new Date(created.body.uploaded_at).toISOString());
    const id = created.body.id;
    expect(await outboxCount(t, id)).to.equal(1);

    expect((await api.get(`/api/media-assets/${id}`).expect(200)).body).to.deep.equal(created.body);

    const updated = await api.put(`/api/media-assets/${id}`).send({ file_name: 'Manual v2.pdf', tag_ids: [] }).expect(200);
    expect(updated.body).to.include({ file_name: 'Manual v2.pdf' });
    expect(updated.body.tag_ids).to.deep.equal([]);
    expect(await outboxCount(t, id)).to.equal(2);

    await api.get(`/api/media-assets/${id}/download`).expect(404);
    await api.del(`/api/media-assets/${id}`).expect(204);
    await api.get(`/api/media-assets/${id}`).expect(404);
    await api.del(`/api/media-assets/${id}`).expect(404);
    expect(await outboxCount(t, id)).to.equal(3);
  });

  it('adds and removes tags (200 with the asset), idempotently', async () => {
    const [a, b] = [await createTag(t, 'alpha'), await createTag(t, 'beta')];
    const asset = await createRecord(t, 'x.pdf');
    const added = await api.post(`/api/media-assets/${asset.id}/tags`).send({ tag_ids: [b, a, a] }).expect(200);
    expect(added.body.tags.map((x: { name: string }) => x.name)).to.deep.equal(['alpha', 'beta']);
    await api.post(`/api/media-assets/${asset.id}/tags`).send({ tag_ids: [a] }).expect(200);
    const removed = await api.del(`/api/media-assets/${asset.id}/tags`).send({ tag_ids: [a] }).expect(200);
    expect(removed.body.tag_ids).to.deep.equal([b]);
    expect((await api.get(`/api/tags/${b}/count`).expect(200)).body).to.deep.equal({ tag_id: b, count: 1, by_kind: { media_assets: 1 } });
    expect((await api.get(`/api/tags/${a}/count`).expect(200)).body.count).to.equal(0);
  });

  it('assigns and removes tags on many assets in one call', async () => {
    const [c, d] = [await createTag(t, 'gamma'), await createTag(t, 'delta')];
    const assets = [await createRecord(t, 'b1.pdf'), await createRecord(t, 'b2.pdf'), await createRecord(t, 'b3.pdf')];
    const ids = assets.map((a) => a.id);
    const res = await api.post('/api/media-assets/batch-tags').send({ asset_ids: ids, add_tag_ids: [c, d] }).expect(200);
    expect(res.body.items.map((x: { id: string }) => x.id)).to.deep.equal(ids);
    expect(res.body.items.every((x: { tag_ids: string[] }) => x.tag_ids.length === 2)).to.equal(true);
    expect((await api.get(`/api/tags/${c}/count`).expect(200)).body.count).to.equal(3);

    const res2 = await api.post('/api/media-assets/batch-tags').send({ asset_ids: ids.slice(0, 2), remove_tag_ids: [d] }).expect(200);
    expect(res2.body.items[0].tag_ids).to.deep.equal([c]);
    expect((await api.get(`/api/tags/${d}/count`).expect(200)).body.count).to.equal(1);

    // all or nothing: an unknown asset id changes nothing
    const bad = await api.post('/api/media-assets/batch-tags').send({ asset_ids: [ids[0], MISSING], remove_tag_ids: [c] }).expect(400);
    expect(bad.body.errors[0].field).to.equal('body.asset_ids');
    expect((await api.get(`/api/tags/${c}/count`).expect(200)).body.count).to.equal(3);
    await api.post('/api/media-assets/batch-tags').send({ asset_ids: ids }).expect(400);
  });

  it('lists a tag’s asset ids with paging, and counts them; unknown tags are 404', async () => {
    const tag = await createTag(t, 'listed');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await createRecord(t, `l${i}.pdf`, { tag_ids: [tag] })).id);
    const all = await api.get(`/api/tags/${tag}/assets`).expect(200);
    expect(all.body).to.include({ tag_id: tag, total: 3, skip: 0, limit: 100 });
    expect(all.body.items).to.have.members(ids);
    const page = await api.get(`/api/tags/${tag}/assets?skip=1&limit=1`).expect(200);
    expect(page.body.items).to.deep.equal([[...ids].sort()[1]]);
    await api.get(`/api/tags/${MISSING}/assets`).expect(404);
    await api.get('/api/tags/nope/count').expect(404);
    await api.get(`/api/tags/${tag}/assets?limit=201`).expect(400);
  });

  it('deleting a tag removes its associations only, and refreshes the tagged assets’ search documents', async () => {
    const tag = await createTag(t, 'doomed');
    const asset = await createRecord(t, 'keep.pdf', { tag_ids: [tag] });
    const before = await outboxCount(t, asset.id);
    await api.del(`/api/tags/${tag}`).expect(204);
    const after = await api.get(`/api/media-assets/${asset.id}`).expect(200);
    expect(after.body.tag_ids).to.deep.equal([]);
    expect(await countRows(t, `SELECT COUNT(*) AS n FROM media_asset_tags WHERE tag_id = '${tag}'`)).to.equal(0);
    expect(await outboxCount(t, asset.id)).to.equal(before + 1);
  });

  it('a tag rename shows on its assets and refreshes their search documents', async () => {
    const tag = await createTag(t, 'old name');
    const asset = await createRecord(t, 'renamed.pdf', { tag_ids: [tag] });
    const before = await outboxCount(t, asset.id);
    await api.put(`/api/tags/${tag}`).send({ name: 'New Name' }).expect(200);
    expect((await api.get(`/api/media-assets/${asset.id}`).expect(200)).body.tags[0].name).to.equal('New Name');
    expect(await outboxCount(t, asset.id)).to.equal(before + 1);
    await api.put(`/api/tags/${tag}`).send({ color: '#fff' }).expect(200);
    expect(await outboxCount(t, asset.id)).to.equal(before + 1);
  });

  it('defines the media-assets search index, which loads documents with tag names', async () => {
    const tag = await createTag(t, 'Indexed');
    const asset = await createRecord(t, 'indexed.pdf', { tag_ids: [tag] });
    const index = t.container.get(CORE.searchIndexes).get('media-assets');
    expect(index?.searchableAttributes).to.deep.equal(['file_name', 'tags']);
    expect(index?.filterableAttributes).to.deep.equal(['tag_ids', 'file_type', 'uploaded_by', 'uploaded_at']);
    const [doc] = (await index?.loadByIds([asset.id, MISSING])) ?? [];
    expect(doc).to.include({ id: asset.id, file_name: 'indexed.pdf', file_type: 'pdf', uploaded_by: 'admin' });
    expect(doc.tags).to.deep.equal(['Indexed']);
    let loaded = 0;
    for await (const batch of index!.loadAll(2)) loaded += batch.length;
    expect(loaded).to.equal(await countRows(t, 'SELECT COUNT(*) AS n FROM media_assets'));
  });

  it('uploaded_by: the caller unless an admin token sets it; a read-only key cannot write', async () => {
    expect((await createRecord(t, 'a.pdf', { uploaded_by: 'someone else' })).uploaded_by).to.equal('someone else');
    const apiKeys = t.container.get(CORE.apiKeys);
    const writer = await apiKeys.create({ name: 'ci-bot', canWrite: true });
    const reader = await apiKeys.create({ name: 'reader', canWrite: false });
    const body = { file_name: 'k.pdf', file_type: 'pdf', content_type: 'application/pdf' };
    const own = await t.request.post('/api/media-assets').set('Authorization', `Bearer ${writer.token}`).send(body).expect(201);
    expect(own.body.uploaded_by).to.equal('ci-bot');
    await t.request.post('/api/media-assets').set('Authorization', `Bearer ${writer.token}`).send({ ...body, uploaded_by: 'admin' }).expect(403);
    await t.request.post('/api/media-assets').set('Authorization', `Bearer ${reader.token}`).send(body).expect(403);
    await t.request.get(`/api/media-assets/${own.body.id}`).set('Authorization', `Bearer ${reader.token}`).expect(200);
  });

  it('answers bad input with 4xx problem+json, never a 500', async () => {
    const asset = await createRecord(t, 'target.pdf');
    const cases: Array<[ReturnType<typeof api.get>, number, string?]> = [
      [api.post('/api/media-assets').set('Content-Type', 'application/json').send('{"file_name":'), 400],
      [api.post('/api/media-assets').send({ file_name: 5, file_type: 'pdf', content_type: 'application/pdf' }), 400, 'body.file_name'],
      [api.post('/api/media-assets').send({ file_name: 'a', file_type: 'pdf', content_type: 'application/pdf', extra: 1 }), 400, 'body.extra'],
      [api.post('/api/media-assets').send({ file_name: 'a', file_type: 'pdf', content_type: 'not a mime' }), 400, 'body.content_type'],
      [api.post('/api/media-assets').send({ file_name: 'a', file_type: 'pdf', content_type: 'application/pdf', tag_ids: [MISSING] }), 400, 'body.tag_ids'],
      [api.post('/api/media-assets').send({ file_name: 'a', file_type: 'pdf', content_type: 'application/pdf', tag_ids: ['nope'] }), 400, 'body.tag_ids.0'],
      [api.post('/api/media-assets').send({ file_name: 'a', file_type: 'pdf', content_type: 'application/pdf', tag_ids: 'x' }), 400, 'body.tag_ids'],
      [api.get('/api/media-assets/not-a-uuid'), 404],
      [api.get(`/api/media-assets/${MISSING}`), 404],
      [api.put(`/api/media-assets/${MISSING}`).send({ file_name: 'x' }), 404],
      [api.put(`/api/media-assets/${asset.id}`).send({ file_name: '' }), 400, 'body.file_name'],
      [api.put(`/api/media-assets/${asset.id}`).send({ file_type: 'png' }), 400, 'body.file_type'],
      [api.post(`/api/media-assets/${asset.id}/tags`).send({ tag_ids: [MISSING] }), 400, 'body.tag_ids'],
      [api.post(`/api/media-assets/${asset.id}/tags`).send({ tag_ids: [] }), 400, 'body.tag_ids'],
      [api.post(`/api/media-assets/${asset.id}/tags`).send({}), 400, 'body.tag_ids'],
      [api.del(`/api/media-assets/${MISSING}/tags`).send({ tag_ids: [MISSING] }), 404],
      [api.post('/api/media-assets/nope/tags').send({ tag_ids: [MISSING] }), 404],
    ];
    for (const [request, status, field] of cases) {
      const res = await request;
      expect(res.status, res.text).to.equal(status);
      expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
      if (field) expect(res.body.errors.map((e: { field: string }) => e.field)).to.include(field);
    }
    expect(await outboxCount(t, asset.id)).to.equal(1);
  });

  it('documents every media endpoint, including batch ones, in OpenAPI', async () => {
    const doc = (await t.request.get('/openapi.json').expect(200)).body;
    for (const path of ['/api/media-assets', '/api/media-assets/upload', '/api/media-assets/batch-upload', '/api/media-assets/batch-tags', '/api/media-assets/{asset_id}', '/api/media-assets/{asset_id}/download', '/api/media-assets/{asset_id}/upload', '/api/media-assets/{asset_id}/tags', '/api/tags/{tag_id}/assets', '/api/tags/{tag_id}/count']) {
      expect(doc.paths, path).to.have.property(path);
    }
    expect(doc.paths['/api/media-assets/upload'].post.requestBody.content).to.have.property('multipart/form-data');
    expect(doc.paths['/api/media-assets'].get.description).to.match(/LIKE/);
  });
});
