import { expect } from 'chai';
import { createMigrator } from '../../src/core/db/migrator.ts';
import { CORE } from '../../src/index.ts';
import type { TestApp } from '../helpers/create-test-app.ts';
import { createTestApp } from '../helpers/create-test-app.ts';
import { adminApi, createRecord, createTag } from '../media/media-helpers.ts';

describe('the media-library grant: project-limited keys stay out of shared tags and media', () => {
  let t: TestApp;
  let tagId: string;
  let mediaId: string;
  const key = async (name: string, options: { projectIds?: string[]; canWrite?: boolean; mediaLibrary?: boolean }) =>
    `Bearer ${(await t.container.get(CORE.apiKeys).create({ name, ...options })).token}`;

  before(async () => {
    t = await createTestApp();
    tagId = await createTag(t, 'shared-tag');
    mediaId = (await createRecord(t, 'contract.pdf', { tag_ids: [tagId] })).id;
    await adminApi(t).post('/api/v1/projects/p1/assets').send({ name: 'a', tags: ['shared-tag'] }).expect(201);
  });
  after(() => t.stop());

  it('refuses every shared route to a read key of one project, with a problem that says why', async () => {
    const auth = await key('p1 reader', { projectIds: ['p1'] });
    for (const url of ['/api/tags', `/api/tags/${tagId}`, `/api/tags/${tagId}/count`, `/api/tags/${tagId}/assets`, '/api/media-assets', `/api/media-assets/${mediaId}`, '/api/media-assets?search=contract']) {
      const res = await t.request.get(url).set('Authorization', auth);
      expect(res.status, url).to.equal(403);
      expect(res.type, url).to.equal('application/problem+json');
      expect(res.body.detail, url).to.match(/media-library grant/);
    }
    // What the key is for still works: its project's tag counts.
    const tags = await t.request.get('/api/v1/projects/p1/tags').set('Authorization', auth).expect(200);
    expect(JSON.stringify(tags.body)).to.contain('shared-tag');
  });

  it('refuses renames, deletions and uploads to a write key of one project, and changes nothing', async () => {
    const auth = await key('p1 writer', { projectIds: ['p1'], canWrite: true });
    const attempts = [
      t.request.put(`/api/tags/${tagId}`).send({ name: 'renamed' }),
      t.request.delete(`/api/tags/${tagId}`),
      t.request.post('/api/tags').send({ name: 'new-one' }),
      t.request.delete(`/api/media-assets/${mediaId}`),
      t.request.put(`/api/media-assets/${mediaId}`).send({ file_name: 'mine.pdf' }),
      t.request.post(`/api/media-assets/${mediaId}/tags`).send({ tag_ids: [tagId] }),
      t.request.post('/api/media-assets').send({ file_name: 'x.pdf', file_type: 'pdf', content_type: 'application/pdf' }),
    ];
    for (const attempt of attempts) {
      const res = await attempt.set('Authorization', auth);
      expect(res.status).to.equal(403);
      expect(res.type).to.equal('application/problem+json');
    }
    expect((await adminApi(t).get(`/api/tags/${tagId}`).expect(200)).body.name).to.equal('shared-tag');
    expect((await adminApi(t).get(`/api/media-assets/${mediaId}`).expect(200)).body.file_name).to.equal('contract.pdf');
    expect((await adminApi(t).get('/api/tags').expect(200)).body.items.map((x: { name: string }) => x.name)).to.not.include('new-one');
  });

  it('lets a project-limited key with the grant, and a key of every project, reach them', async () => {
    for (const auth of [await key('p1 with grant', { projectIds: ['p1'], mediaLibrary: true }), await key('all projects', {})]) {
      await t.request.get('/api/tags').set('Authorization', auth).expect(200);
      const media = await t.request.get(`/api/media-assets/${mediaId}`).set('Authorization', auth).expect(200);
      expect(media.body.file_name).to.equal('contract.pdf');
      // The grant does not lift read-only.
      await t.request.delete(`/api/tags/${tagId}`).set('Authorization', auth).expect(403);
    }
  });

  it('keeps a key of every project out when it is created without the grant', async () => {
    const auth = await key('images only', { mediaLibrary: false });
    await t.request.get('/api/media-assets').set('Authorization', auth).expect(403);
    await t.request.get('/api/v1/projects/p1/assets').set('Authorization', auth).expect(200);
  });

  it('shows the grant on the key and documents the 403 in OpenAPI', async () => {
    const keys = await t.container.get(CORE.apiKeys).list();
    expect(keys.find((k) => k.name === 'p1 reader')).to.include({ media_library: false });
    expect(keys.find((k) => k.name === 'all projects')).to.include({ media_library: true });
    const doc = (await t.request.get('/openapi.json').expect(200)).body;
    expect(doc.paths['/api/tags'].get.responses['403'].description).to.match(/media-library grant/);
    expect(doc.paths['/api/media-assets/{asset_id}'].delete.responses['403'].description).to.match(/read-only.*media-library grant/);
    expect(doc.paths['/api/v1/projects/{project_id}/tags'].get.responses).to.not.have.property('403');
  });

  it('grants existing keys of every project the media library when the migration runs, and no limited key', async () => {
    const all = await key('before migration, all', {});
    const limited = await key('before migration, p1', { projectIds: ['p1'], mediaLibrary: true });
    const migrator = createMigrator(t.kernel.sequelize, t.kernel.migrationFolders());
    await migrator.down({ to: '0906-api-keys-media-library.cjs' });
    await migrator.up();
    await t.request.get('/api/tags').set('Authorization', all).expect(200);
    await t.request.get('/api/tags').set('Authorization', limited).expect(403);
  });
});
