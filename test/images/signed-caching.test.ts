import { expect } from 'chai';
import type { TestApp } from '../helpers/create-test-app.ts';
import { assetWithImage, binary, bootImages, expectSignedCaching, testImage } from './helpers.ts';
import { linkPath } from '../helpers/links.ts';

const LOCAL = { name: 'local', plugin: 'storage-local', s3: false };

describe('signed image URLs: how long and by whom they may be cached', () => {
  let t: TestApp;
  let stop: () => Promise<void>;
  after(async () => stop?.());

  it('a one-hour URL is cached for at most an hour, and by shared caches only when IMAGE_CACHE_PUBLIC is set', async () => {
    ({ t, stop } = await bootImages(LOCAL, { IMAGE_URL_TTL_SECONDS: '3600', IMAGE_CACHE_PUBLIC: 'true' }));
    const { generation } = await assetWithImage(t, 'caching', await testImage(64, 32));
    const url = linkPath(generation.image_url);
    const res = await t.request.get(url).buffer(true).parse(binary).expect(200);
    expectSignedCaching(res.headers['cache-control'], url, 'public');
    const maxAge = Number(/max-age=(\d+)/.exec(res.headers['cache-control'])![1]);
    // The expiry is rounded up to a bucket, so a little more than the TTL may be left, never a year.
    expect(maxAge).to.be.at.most(2 * 3600);
    const resized = await t.request.get(`${url}&width=16`).buffer(true).parse(binary);
    // A resize parameter added to a signed URL breaks its signature: shared caches never see an unsigned variant.
    expect(resized.status).to.equal(403);
  });
});
