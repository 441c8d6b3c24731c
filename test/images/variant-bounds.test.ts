import { createHash } from 'node:crypto';
import { expect } from 'chai';
import type { TestApp } from '../helpers/create-test-app.ts';
import { scopedAuth } from '../image-assets/helpers.ts';
import { assetWithImage, binary, bootImages, dimensionsOf, drivers, testImage, variantRows } from './helpers.ts';
import { variantObjects } from './variant-helpers.ts';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

for (const driver of drivers) {
  describe(`the variants one image may store are bounded (storage driver ${driver.name})`, () => {
    let t: TestApp;
    let stop: () => Promise<void>;

    before(async () => {
      ({ t, stop } = await bootImages(driver, { IMAGE_VARIANTS_PER_IMAGE: '4' }));
    });
    after(async () => stop?.());

    const get = (fileId: string, query: string, auth: string) =>
      t.request.get(`/api/v1/files/images/${fileId}?${query}`).set('Authorization', auth).buffer(true).parse(binary);

    it('serves a read-only key every exact size it asks for, but stores at most the per-image limit', async () => {
      const original = await testImage(400, 200);
      const { asset, fileId } = await assetWithImage(t, 'bounded', original);
      const reader = await scopedAuth(t, ['bounded'], false);
      const widths = [100, 102, 104, 106, 108, 110, 112, 114, 116, 118];
      const served: Buffer[] = [];
      for (const width of widths) {
        const res = await get(fileId, `width=${width}&format=webp`, reader);
        expect(res.status).to.equal(200);
        expect(res.headers['content-length']).to.equal(String(res.body.length));
        expect(await dimensionsOf(res.body)).to.include({ width, height: width / 2 });
        served.push(res.body);
      }
      expect(await variantRows(t, fileId)).to.have.length(4);
      expect(await variantObjects(t, sha256(original))).to.have.length(4);

      // Past the limit a size is made again each time, with the same bytes and ETag.
      const again = await get(fileId, 'width=118&format=webp', reader);
      expect(Buffer.compare(again.body, served[9])).to.equal(0);
      expect((await get(fileId, 'width=118&format=webp', reader).set('If-None-Match', again.headers.etag)).status).to.equal(304);

      // Thumbnails (a fixed set of sizes) are still stored.
      const thumbnail = await t.request.get(`/api/v1/assets/${asset.id}/thumbnail?size=small`).set('Authorization', reader).set('Accept', 'image/webp');
      expect(thumbnail.status).to.equal(200);
      expect(await variantRows(t, fileId)).to.have.length(5);
    });

    it('makes one variant of every size at or past the original when enlarging is not asked for', async () => {
      const { fileId } = await assetWithImage(t, 'bounded', await testImage(300, 150));
      const reader = await scopedAuth(t, ['bounded'], false);
      for (const query of ['width=300', 'width=301', 'width=1000', 'width=4096', 'height=300', 'height=2000', 'width=500&height=500']) {
        const res = await get(fileId, `${query}&format=png`, reader);
        expect(res.status).to.equal(200);
        expect(await dimensionsOf(res.body), query).to.include({ width: 300, height: 150 });
      }
      expect(await variantRows(t, fileId)).to.have.length(1);
    });

    it('caps enlarging at four times the original’s longer side, keeping the requested shape', async () => {
      const { fileId } = await assetWithImage(t, 'bounded', await testImage(100, 50));
      const reader = await scopedAuth(t, ['bounded'], false);
      expect(await dimensionsOf((await get(fileId, 'width=300&enlarge=true&format=png', reader)).body)).to.include({ width: 300, height: 150 });
      for (const width of [400, 401, 4096]) {
        expect(await dimensionsOf((await get(fileId, `width=${width}&enlarge=true&format=png`, reader)).body), `width ${width}`).to.include({ width: 400, height: 200 });
      }
      const cover = await get(fileId, 'width=4000&height=2000&fit=cover&enlarge=true&format=png', reader);
      expect(await dimensionsOf(cover.body)).to.include({ width: 400, height: 200 });
      expect((await variantRows(t, fileId)).map((r) => r.params_key)).to.have.length(3);
    });

    it('rounds quality to steps of ten, so nearby qualities are one variant', async () => {
      const { fileId } = await assetWithImage(t, 'bounded', await testImage(200, 100));
      const reader = await scopedAuth(t, ['bounded'], false);
      const etags = new Set<string>();
      for (const quality of [76, 79, 80, 81, 84]) {
        const res = await get(fileId, `width=50&format=jpg&quality=${quality}`, reader);
        expect(res.status).to.equal(200);
        etags.add(res.headers.etag);
      }
      expect(etags.size).to.equal(1);
      // The bounds still differ: 1 is the lowest step (10), 100 the highest.
      expect((await get(fileId, 'width=50&format=jpg&quality=1', reader)).headers.etag).not.to.equal([...etags][0]);
      expect((await variantRows(t, fileId)).map((r) => r.params_key)).to.deep.equal(['w50-h0-q10-inside-n-jpg', 'w50-h0-q80-inside-n-jpg']);
    });
  });
}
