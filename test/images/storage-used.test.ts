import { expect } from 'chai';
import { ADMIN_AUTH, createTestApp, type TestApp } from '../helpers/create-test-app.ts';
import { assetWithImage, binary, testImage, variantRows } from './helpers.ts';

describe('images: project storage_used counts the variants made from its images', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ plugins: ['images', 'analytics', 'storage-local'] });
  });
  after(() => t.stop());

  const storageUsed = async (projectId: string) =>
    (await t.request.get(`/api/v1/projects/${projectId}/stats`).set('Authorization', ADMIN_AUTH).expect(200)).body.storage_used as number;

  it('adds each stored variant’s bytes to the original’s, for the projects using the image only', async () => {
    const { generation, fileId } = await assetWithImage(t, 'used-p', await testImage(640, 480));
    expect(await storageUsed('used-p')).to.equal(generation.file_size);

    const small = await t.request.get(`/api/v1/files/images/${fileId}?width=64&format=webp`).set('Authorization', ADMIN_AUTH).buffer(true).parse(binary).expect(200);
    const large = await t.request.get(`/api/v1/files/images/${fileId}?width=320&format=png`).set('Authorization', ADMIN_AUTH).buffer(true).parse(binary).expect(200);
    expect(await variantRows(t, fileId)).to.have.length(2);
    expect(await storageUsed('used-p')).to.equal(generation.file_size + small.body.length + large.body.length);
    expect(await storageUsed('used-elsewhere')).to.equal(0);
  });
});
