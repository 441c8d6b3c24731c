import { expect } from 'chai';
import { SEARCH } from '../../plugins/search/tokens.ts';
import { ADMIN_AUTH, createTestApp, type TestApp } from '../helpers/create-test-app.ts';

describe('GET /api/v1/projects/:project_id/assets/search', function () {
  this.timeout(30_000);
  let t: TestApp;
  let dragonId: string;

  const createAsset = async (project: string, body: object) =>
    (await t.request.post(`/api/v1/projects/${project}/assets`).set('Authorization', ADMIN_AUTH).send(body).expect(201)).body.id as string;
  const search = (project: string, query: Record<string, string | number | boolean>) =>
    t.request.get(`/api/v1/projects/${project}/assets/search`).query(query).set('Authorization', ADMIN_AUTH);

  before(async () => {
    t = await createTestApp({ plugins: ['search', 'image-assets'], config: { search: { drainIntervalMs: 0 } } });
    dragonId = await createAsset('p1', { name: 'Red dragon', description: 'A dragon over a dragon hoard', tags: ['fantasy', 'creature'] });
    await createAsset('p1', { name: 'Castle', description: 'A keep with a dragon banner', tags: ['architecture'] });
    await createAsset('p1', { name: 'Forest', description: 'Green trees', tags: ['dragon'] });
    await createAsset('p2', { name: 'Blue dragon', description: 'Elsewhere' });
    await t.container.get(SEARCH.outboxWorker).drain();
  });
  after(() => t?.stop());

  it('answers a page of asset views, best first, with relevance scores', async () => {
    const { body, headers } = await search('p1', { q: 'dragon' }).expect(200);
    expect(headers['search-degraded']).to.equal(undefined);
    expect(body).to.include({ total: 3, limit: 50, offset: 0, has_more: false, degraded: false });
    expect(body.assets[0]).to.include({ id: dragonId, name: 'Red dragon', project_id: 'p1' });
    expect(body.assets[0].tags).to.have.members(['fantasy', 'creature']);
    const scores: number[] = body.assets.map((a: { relevance_score: number }) => a.relevance_score);
    scores.forEach((s) => expect(s).to.be.within(0, 1));
    expect([...scores].sort((a, b) => b - a)).to.deep.equal(scores);
  });

  it('answers a repeated query anew once an asset is created, renamed or deleted', async () => {
    const names = async () => ((await search('p3', { q: 'wyvern' }).expect(200)).body.assets as Array<{ name: string }>).map((a) => a.name);
    const drain = () => t.container.get(SEARCH.outboxWorker).drain();
    expect(await names()).to.deep.equal([]);
    const id = await createAsset('p3', { name: 'Green wyvern' });
    await drain();
    expect(await names()).to.deep.equal(['Green wyvern']);
    // The view comes from the database: a rename shows at once, with the same hit.
    await t.request.put(`/api/v1/assets/${id}`).set('Authorization', ADMIN_AUTH).send({ name: 'Grey wyvern' }).expect(200);
    expect(await names()).to.deep.equal(['Grey wyvern']);
    await drain();
    expect(await names()).to.deep.equal(['Grey wyvern']);
    await t.request.delete(`/api/v1/assets/${id}`).set('Authorization', ADMIN_AUTH).expect(204);
    expect(await names()).to.deep.equal([]);
    await drain();
    expect((await search('p3', { q: 'wyvern' }).expect(200)).body.total).to.equal(0);
  });

  it('is exact by default and tolerates typos with fuzzy=true', async () => {
    expect((await search('p1', { q: 'dragn' }).expect(200)).body.total).to.equal(0);
    const fuzzy = await search('p1', { q: 'dragn', fuzzy: true }).expect(200);
    expect(fuzzy.body.assets.map((a: { id: string }) => a.id)).to.include(dragonId);
  });

  it('searches only the named fields and pages with has_more', async () => {
    const tagsOnly = await search('p1', { q: 'dragon', fields: 'tags' }).expect(200);
    expect(tagsOnly.body.assets.map((a: { name: string }) => a.name)).to.deep.equal(['Forest']);
    const page = await search('p1', { q: 'dragon', limit: 2, offset: 0 }).expect(200);
    expect(page.body).to.include({ total: 3, has_more: true });
    expect(page.body.assets).to.have.length(2);
  });

  it('refuses bad input with problem+json, and hides other projects from a scoped key', async () => {
    const bad = await search('p1', { q: 'dragon', fields: 'name,colour', limit: 500 }).expect(400);
    expect(bad.headers['content-type']).to.match(/application\/problem\+json/);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).to.include.members(['query.fields', 'query.limit']);
    await search('p1', { q: '  ' }).expect(400);
    const { token } = await t.container.get((await import('../../src/core/tokens.ts')).CORE.apiKeys).create({ name: 'p2 only', projectIds: ['p2'], canWrite: false });
    await t.request.get('/api/v1/projects/p1/assets/search').query({ q: 'dragon' }).set('Authorization', `Bearer ${token}`).expect(404);
    const own = await t.request.get('/api/v1/projects/p2/assets/search').query({ q: 'dragon' }).set('Authorization', `Bearer ${token}`).expect(200);
    expect(own.body.total).to.equal(1);
  });

  it('finds nothing for a query without a letter or a digit, and refuses more than ten words', async () => {
    const { body } = await search('p1', { q: '-!!! "', fuzzy: true }).expect(200);
    expect(body).to.include({ total: 0, has_more: false });
    expect(body.assets).to.deep.equal([]);
    const long = await search('p1', { q: 'one two three four five six seven eight nine ten eleven' }).expect(400);
    expect(long.headers['content-type']).to.match(/application\/problem\+json/);
    expect(long.body.errors[0]).to.deep.include({ field: 'query.q' });
  });
});
