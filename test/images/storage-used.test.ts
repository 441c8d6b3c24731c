import { expect } from 'chai';
import { ADMIN_AUTH, createTestApp, type TestApp } from '../helpers/create-test-app.ts';
import { createAsset, createGeneration } from '../image-assets/helpers.ts';
import { assetWithImage, binary, fileIdOf, testImage, uploadTo, variantRows } from './helpers.ts';
import { noiseImage, variantBytes } from './variant-helpers.ts';

describe('images: project storage_used counts the variants made from its images', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ plugins: ['images', 'analytics', 'storage-local'] });
  });
  after(() => t.stop());

  const storageUsed = async (projectId: string) =>
    (await t.request.get(`/api/v1/projects/${projectId}/stats`).set('Authorization', ADMIN_AUTH).expect(200)).body.storage_used as number;
  const variant = async (fileId: string, query: string) =>
    (await t.request.get(`/api/v1/files/images/${fileId}?${query}`).set('Authorization', ADMIN_AUTH).buffer(true).parse(binary).expect(200)).body as Buffer;

  it('adds each stored variant’s bytes to the original’s, for the projects using the image only', async () => {
    const { generation, fileId } = await assetWithImage(t, 'used-p', await testImage(640, 480));
    expect(await storageUsed('used-p')).to.equal(generation.file_size);

    const small = await variant(fileId, 'width=64&format=webp');
    const large = await variant(fileId, 'width=320&format=png');
    expect(await variantRows(t, fileId)).to.have.length(2);
    expect(await storageUsed('used-p')).to.equal(generation.file_size + small.length + large.length);
    expect(await storageUsed('used-elsewhere')).to.equal(0);
  });

  it('counts a file shared by several generations once for its variants, in every project using it, until its last generation goes', async () => {
    const bytes = await testImage(500, 300);
    // The same bytes uploaded three times are one stored file: twice in one project, once in another.
    const first = await assetWithImage(t, 'shared-a', bytes);
    const secondAsset = await createAsset(t, 'shared-a');
    const second = await uploadTo(t, (await createGeneration(t, secondAsset.id)).id, bytes);
    const other = await assetWithImage(t, 'shared-b', bytes);
    expect(fileIdOf(second.image_url)).to.equal(first.fileId);
    expect(other.fileId).to.equal(first.fileId);
    const size = first.generation.file_size as number;

    const v = await variant(first.fileId, 'width=100&format=webp');
    expect(await storageUsed('shared-a')).to.equal(2 * size + v.length);
    expect(await storageUsed('shared-b')).to.equal(size + v.length);

    // One of the two generations goes: its image bytes go, the file's variants stay counted once.
    await t.request.delete(`/api/v1/generations/${second.id}`).set('Authorization', ADMIN_AUTH).expect(204);
    expect(await storageUsed('shared-a')).to.equal(size + v.length);
    // The last one goes with its asset: nothing of the file is left in the project; the other project keeps its share.
    await t.request.delete(`/api/v1/assets/${first.asset.id}?force=true`).set('Authorization', ADMIN_AUTH).expect(204);
    expect(await storageUsed('shared-a')).to.equal(0);
    expect(await storageUsed('shared-b')).to.equal(size + v.length);

    // A variant made now counts only where the file is still used.
    const w = await variant(first.fileId, 'width=50&format=png');
    expect(await storageUsed('shared-a')).to.equal(0);
    expect(await storageUsed('shared-b')).to.equal(size + v.length + w.length);
  });

  it('follows a replaced image: the new file and its variants in, the old one out', async () => {
    const { generation, fileId } = await assetWithImage(t, 'replaced', await testImage(300, 300));
    const old = await variant(fileId, 'width=80&format=webp');
    expect(await storageUsed('replaced')).to.equal(generation.file_size + old.length);

    const replaced = await uploadTo(t, generation.id, await testImage(320, 200, 'jpg'));
    const newFileId = fileIdOf(replaced.image_url);
    expect(newFileId).to.not.equal(fileId);
    expect(await storageUsed('replaced')).to.equal(replaced.file_size);
    const fresh = await variant(newFileId, 'width=80&format=webp');
    expect(await storageUsed('replaced')).to.equal(replaced.file_size + fresh.length);
  });
});

describe('images: storage_used follows variants the storage budget removes', () => {
  let t: TestApp;
  before(async () => {
    // Two 100 px noise PNGs (24-26 KB each) fit in this budget, three do not.
    t = await createTestApp({ plugins: ['images', 'analytics', 'storage-local'], env: { IMAGE_VARIANT_BUDGET_MB: String(60_000 / 1024 / 1024) }, config: { images: { variantTouchSeconds: 0 } } });
  });
  after(() => t.stop());

  it('drops evicted variants from the project’s bytes', async () => {
    const { generation, fileId } = await assetWithImage(t, 'evicted', await noiseImage(200, 200));
    for (const width of [100, 99, 98]) {
      await t.request.get(`/api/v1/files/images/${fileId}?width=${width}&format=png`).set('Authorization', ADMIN_AUTH).buffer(true).parse(binary).expect(200);
    }
    expect(await variantRows(t, fileId)).to.have.length(2);
    const stats = await t.request.get('/api/v1/projects/evicted/stats').set('Authorization', ADMIN_AUTH).expect(200);
    expect(stats.body.storage_used).to.equal(generation.file_size + (await variantBytes(t)));
  });
});
