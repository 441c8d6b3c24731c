import { expect } from 'chai';
import { CORE } from '../../src/index.ts';
import { STORAGE, type StoredFile } from '../../plugins/storage/tokens.ts';
import type { TestApp } from '../helpers/create-test-app.ts';
import { LONG_AGO, unreferencedSince } from '../cleanup/cleanup-helpers.ts';
import { ADMIN_AUTH, assetWithImage, binary, bootImages, drivers, testImage, variantRows } from './helpers.ts';
import { linkPath } from '../helpers/links.ts';
import { SMALL_VARIANT_BYTES } from '../../plugins/images/image-lookups.ts';

/**
 * The image routes keep files rows, variant rows, versioned thumbnail sources and granted access
 * checks in memory. These tests change what those facts describe behind the cache's back and show
 * that a user never gets stale bytes, a 500 or a token that outlives its revocation.
 */
for (const driver of drivers) {
  describe(`image lookups cached in memory (storage driver ${driver.name})`, () => {
    let t: TestApp;
    let stop: () => Promise<void>;

    before(async () => {
      ({ t, stop } = await bootImages(driver));
    });
    after(async () => stop?.());

    const get = (url: string, auth?: string) => {
      const req = t.request.get(url).buffer(true).parse(binary);
      return auth ? req.set('Authorization', auth) : req;
    };
    const signed = (pathWithQuery: string) => t.container.get(CORE.urlSigner).sign(pathWithQuery);

    function expectGone(res: { status: number; headers: Record<string, string> }): void {
      expect(res.status).to.equal(404);
      expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
      expect(res.headers['cache-control'] ?? '').not.to.contain('immutable');
    }

    it('answers 404, not stale bytes or a 500, once cleanup has removed an image whose rows were cached', async () => {
      const { asset, generation, fileId } = await assetWithImage(t, 'lookups-a', await testImage(120, 90));
      const original = linkPath(generation.image_url);
      const variant = signed(`/api/v1/files/images/${fileId}?width=40&format=webp`);
      const bearerVariant = `/api/v1/files/images/${fileId}?width=30&format=png`;
      const thumbnail = linkPath((await t.request.get(`/api/v1/assets/${asset.id}`).set('Authorization', ADMIN_AUTH).expect(200)).body.thumbnail);
      // Twice each: the second answer comes from the cached rows.
      for (let round = 0; round < 2; round += 1) {
        expect((await get(original)).status).to.equal(200);
        expect((await get(variant)).status).to.equal(200);
        expect((await get(bearerVariant, ADMIN_AUTH)).status).to.equal(200);
        expect((await get(thumbnail).set('Accept', 'image/webp')).status).to.equal(200);
      }

      await t.request.delete(`/api/v1/generations/${generation.id}`).set('Authorization', ADMIN_AUTH).expect(204);
      await unreferencedSince(t, { id: fileId } as StoredFile, LONG_AGO);
      const report = await t.container.get(STORAGE.cleanup).run({ dryRun: false });
      expect(report.files.map((f) => f.id)).to.include(fileId);

      for (let round = 0; round < 2; round += 1) {
        expectGone(await get(original));
        expectGone(await get(variant));
        expectGone(await get(bearerVariant, ADMIN_AUTH));
        expectGone(await get(thumbnail).set('Accept', 'image/webp'));
      }
    });

    it('makes a variant again when its object vanished while its row was cached', async () => {
      const { fileId } = await assetWithImage(t, 'lookups-a', await testImage(1200, 1200));
      const url = signed(`/api/v1/files/images/${fileId}?width=1000&format=png`);
      const first = await get(url).expect(200);
      expect(first.body.length, 'a variant larger than those kept in memory').to.be.above(SMALL_VARIANT_BYTES);
      await get(url).expect(200);
      const [row] = await variantRows(t, fileId);
      await t.container.get(STORAGE.providers).active().delete(row.storage_key);

      const again = await get(url);
      expect(again.status).to.equal(200);
      expect(Buffer.compare(again.body, first.body)).to.equal(0);
      expect(await t.container.get(STORAGE.providers).active().exists((await variantRows(t, fileId))[0].storage_key)).to.equal(true);
    });

    it('answers a small variant from memory once read, the same bytes even after its object vanished', async () => {
      const { fileId } = await assetWithImage(t, 'lookups-a', await testImage(100, 100));
      const url = signed(`/api/v1/files/images/${fileId}?width=50&format=png`);
      const made = await get(url).expect(200);
      const read = await get(url).expect(200);
      const [row] = await variantRows(t, fileId);
      await t.container.get(STORAGE.providers).active().delete(row.storage_key);

      const remembered = await get(url).expect(200);
      expect(remembered.headers['content-length']).to.equal(String(made.body.length));
      expect(Buffer.compare(remembered.body, made.body)).to.equal(0);
      expect(Buffer.compare(read.body, made.body)).to.equal(0);
      expect(await t.container.get(STORAGE.providers).active().exists(row.storage_key), 'nothing was read from storage').to.equal(false);
    });

    it('refuses a revoked API key at once, though its access to the image was just granted', async () => {
      const { fileId } = await assetWithImage(t, 'lookups-b', await testImage(60, 60));
      const apiKeys = t.container.get(CORE.apiKeys);
      const { token, key } = await apiKeys.create({ name: 'soon revoked', projectIds: ['lookups-b'] });
      const url = `/api/v1/files/images/${fileId}?width=20&format=webp`;
      await get(url, `Bearer ${token}`).expect(200);
      await get(url, `Bearer ${token}`).expect(200);
      await apiKeys.revoke(key.id);
      expect((await get(url, `Bearer ${token}`)).status).to.equal(401);
      expect((await get(`/api/v1/files/images/${fileId}`, `Bearer ${token}`)).status).to.equal(401);
    });

    it('keeps a granted check to the token’s projects: another project’s token is still refused', async () => {
      const { fileId } = await assetWithImage(t, 'lookups-c', await testImage(60, 60));
      const url = `/api/v1/files/images/${fileId}?width=24&format=webp`;
      const { token: own } = await t.container.get(CORE.apiKeys).create({ name: 'own', projectIds: ['lookups-c'] });
      const { token: other } = await t.container.get(CORE.apiKeys).create({ name: 'other', projectIds: ['lookups-d'] });
      await get(url, `Bearer ${own}`).expect(200);
      expect((await get(url, `Bearer ${other}`)).status).to.equal(404);
      await get(url, `Bearer ${own}`).expect(200);
      expect((await get(url, `Bearer ${other}`)).status).to.equal(404);
    });
  });
}
