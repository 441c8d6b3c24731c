import { expect } from 'chai';
import { CORE } from '../../src/index.ts';
import { ADMIN_AUTH, createTestApp, type TestApp } from '../helpers/create-test-app.ts';
import { createRecord, createTag } from '../media/media-helpers.ts';

describe('a tag’s count covers every kind of record that carries it', () => {
  let t: TestApp;
  let tagId: string;
  before(async () => {
    t = await createTestApp();
    tagId = await createTag(t, 'hero');
    await createRecord(t, 'a.pdf', { tag_ids: [tagId] });
    await createRecord(t, 'b.pdf', { tag_ids: [tagId] });
    for (const project of ['use-1', 'use-1', 'use-1', 'use-2']) {
      await t.request.post(`/api/v1/projects/${project}/assets`).set('Authorization', ADMIN_AUTH).send({ name: 'x', tags: ['hero'] }).expect(201);
    }
  });
  after(() => t.stop());

  it('keeps `count` as the media spec defines it, and counts image assets beside it', async () => {
    const res = await t.request.get(`/api/tags/${tagId}/count`).set('Authorization', ADMIN_AUTH).expect(200);
    expect(res.body).to.deep.equal({ tag_id: tagId, count: 2, by_kind: { image_assets: 4, media_assets: 2 } });
  });

  it('counts image assets only within the key’s projects', async () => {
    const { token } = await t.container.get(CORE.apiKeys).create({ name: 'use-1 with media', projectIds: ['use-1'], mediaLibrary: true });
    const res = await t.request.get(`/api/tags/${tagId}/count`).set('Authorization', `Bearer ${token}`).expect(200);
    expect(res.body.by_kind).to.deep.equal({ image_assets: 3, media_assets: 2 });
  });

  it('documents that /assets lists media assets only', async () => {
    const doc = (await t.request.get('/openapi.json').expect(200)).body;
    expect(doc.paths['/api/tags/{tag_id}/assets'].get.description).to.match(/Media assets only/);
  });
});
