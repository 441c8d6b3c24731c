import { expect } from 'chai';
import sharp from 'sharp';
import type { TestApp } from '../helpers/create-test-app.ts';
import { ADMIN_AUTH, assetWithImage, bootImages, testImage, variantRows } from './helpers.ts';

describe('image transform limits', () => {
  let t: TestApp;
  let stop: () => Promise<void>;

  before(async () => {
    // One transform at a time, no waiting in line, originals up to one megapixel, one second per transform.
    ({ t, stop } = await bootImages({ plugin: 'storage-local', s3: false }, {
      IMAGE_TRANSFORM_CONCURRENCY: '1',
      IMAGE_QUEUE_TIMEOUT_MS: '0',
      IMAGE_MAX_INPUT_PIXELS: '1000000',
      IMAGE_TRANSFORM_TIMEOUT_SECONDS: '1',
    }));
  });
  after(async () => stop?.());

  it('answers 503 with Retry-After past the bound, and serves what it could', async () => {
    const { fileId } = await assetWithImage(t, 'limits', await testImage(1000, 1000));
    const widths = [1000, 999, 998, 997];
    const responses = await Promise.all(widths.map((w) => t.request.get(`/api/v1/files/images/${fileId}?width=${w}&format=avif`).set('Authorization', ADMIN_AUTH)));
    const statuses = responses.map((r) => r.status);
    expect(statuses, String(statuses)).to.include(200);
    expect(statuses, String(statuses)).to.include(503);
    for (const res of responses.filter((r) => r.status === 503)) {
      expect(res.headers['retry-after']).to.match(/^\d+$/);
      expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
    }
    // A refused request leaves no variant behind.
    expect((await variantRows(t, fileId)).length).to.equal(statuses.filter((s) => s === 200).length);
  });

  it('refuses to decode an original over the pixel limit (422), while still serving its bytes', async () => {
    const { fileId } = await assetWithImage(t, 'limits', await testImage(2000, 1000));
    const res = await t.request.get(`/api/v1/files/images/${fileId}?width=100`).set('Authorization', ADMIN_AUTH);
    expect(res.status).to.equal(422);
    expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
    expect((await t.request.get(`/api/v1/files/images/${fileId}`).set('Authorization', ADMIN_AUTH)).status).to.equal(200);
    expect(await variantRows(t, fileId)).to.have.length(0);
  });

  it('stops a transform at its timeout with 503, keeping the server responsive meanwhile', async () => {
    const noise = await sharp({ create: { width: 1000, height: 1000, channels: 3, background: '#345', noise: { type: 'gaussian', mean: 128, sigma: 60 } } }).png().toBuffer();
    const { fileId } = await assetWithImage(t, 'limits', noise);
    let settled = false;
    // Noise blown up to 16 megapixels, at top webp quality, takes several times the one second allowed.
    const heavy = t.request
      .get(`/api/v1/files/images/${fileId}?width=4096&height=4096&enlarge=true&format=webp&quality=100`)
      .set('Authorization', ADMIN_AUTH)
      .then((res) => {
        settled = true;
        return res;
      });
    const health = await t.request.get('/healthz');
    expect(health.status).to.equal(200);
    expect(settled, 'the health check waited for the transform').to.equal(false);
    const res = await heavy;
    expect(res.status).to.equal(503);
    expect(res.headers['retry-after']).to.match(/^\d+$/);
    expect(await variantRows(t, fileId)).to.have.length(0);
  });
});
