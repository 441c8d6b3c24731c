import { expect } from 'chai';
import type { TestApp } from '../helpers/create-test-app.ts';
import { ADMIN_AUTH, bootImageAssets, scopedAuth } from './helpers.ts';

describe('GET /api/v1/projects', () => {
  let t: TestApp;
  before(async () => {
    t = await bootImageAssets();
    for (const [project, n] of [['proj-a', 3], ['proj-b', 1], ['proj-c', 2]] as const) {
      for (let i = 0; i < n; i += 1) await t.request.post(`/api/v1/projects/${project}/assets`).set('Authorization', ADMIN_AUTH).send({ name: `${project} ${i}` }).expect(201);
    }
  });
  after(() => t.stop());

  it('lists every project with its asset count to a key of every project, paged', async () => {
    const all = await t.request.get('/api/v1/projects').set('Authorization', ADMIN_AUTH).expect(200);
    expect(all.body.projects.map((p: { id: string; asset_count: number }) => [p.id, p.asset_count])).to.deep.equal([
      ['proj-a', 3],
      ['proj-b', 1],
      ['proj-c', 2],
    ]);
    expect(all.body).to.include({ total: 3, limit: 50, offset: 0, has_more: false });
    const page = await t.request.get('/api/v1/projects?limit=1&offset=1').set('Authorization', ADMIN_AUTH).expect(200);
    expect(page.body.projects.map((p: { id: string }) => p.id)).to.deep.equal(['proj-b']);
    expect(page.body).to.include({ total: 3, has_more: true });
  });

  it('shows a limited key exactly its own projects, empty ones included', async () => {
    const auth = await scopedAuth(t, ['proj-c', 'proj-new'], false);
    const res = await t.request.get('/api/v1/projects').set('Authorization', auth).expect(200);
    expect(res.body.projects).to.deep.equal([
      { id: 'proj-c', asset_count: 2, file_size: 0 },
      { id: 'proj-new', asset_count: 0, file_size: 0 },
    ]);
    expect(res.body.total).to.equal(2);
  });

  it('refuses bad paging with a 400 naming the field', async () => {
    const res = await t.request.get('/api/v1/projects?limit=0').set('Authorization', ADMIN_AUTH).expect(400);
    expect(res.body.errors[0].field).to.equal('query.limit');
  });
});
