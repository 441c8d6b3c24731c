import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import type { TestApp } from '../helpers/create-test-app.ts';
import { scopedAuth } from '../image-assets/helpers.ts';
import { assetWithImage, bootImages, testImage } from './helpers.ts';
import { linkPath } from '../helpers/links.ts';

function expectRateLimited(res: { status: number; headers: Record<string, string>; body: any }): void {
  expect(res.status, res.headers['content-type']).to.equal(429);
  expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
  expect(Number(res.headers['retry-after'])).to.be.greaterThan(0);
}

describe('image routes are rate limited per client (IMAGE_RATE_LIMIT_PER_MINUTE)', () => {
  let t: TestApp;
  let stop: () => Promise<void>;
  let fileId: string;
  let assetId: string;
  let signedUrl: string;

  before(async () => {
    // The API's own limit stays off, as in every test: only the image routes' limit is under test.
    ({ t, stop } = await bootImages({ plugin: 'storage-local', s3: false }, { IMAGE_RATE_LIMIT_PER_MINUTE: '3' }));
    const made = await assetWithImage(t, 'limited', await testImage(64, 64));
    fileId = made.fileId;
    assetId = made.asset.id;
    signedUrl = linkPath(made.generation.image_url);
  });
  after(async () => stop?.());

  it('answers 429 problem+json with Retry-After once a read-only key has spent its minute, whatever it asks for', async () => {
    const reader = await scopedAuth(t, ['limited'], false);
    const other = await scopedAuth(t, ['limited'], false);
    // Originals, variants and thumbnails all count: each is a request the server must answer.
    expect((await t.request.get(`/api/v1/files/images/${fileId}`).set('Authorization', reader)).status).to.equal(200);
    expect((await t.request.get(`/api/v1/files/images/${fileId}?width=10`).set('Authorization', reader)).status).to.equal(200);
    expect((await t.request.get(`/api/v1/assets/${assetId}/thumbnail`).set('Authorization', reader)).status).to.equal(200);
    expectRateLimited(await t.request.get(`/api/v1/files/images/${fileId}?width=11`).set('Authorization', reader));
    expectRateLimited(await t.request.get(`/api/v1/assets/${assetId}/thumbnail`).set('Authorization', reader));
    // Another key has its own allowance.
    expect((await t.request.get(`/api/v1/files/images/${fileId}?width=10`).set('Authorization', other)).status).to.equal(200);
  });

  it('limits signed URLs without a token per client address', async () => {
    for (let i = 0; i < 3; i++) expect((await t.request.get(signedUrl)).status).to.equal(200);
    expectRateLimited(await t.request.get(signedUrl));
  });
});

describe('image rate limits counted in the database (RATE_LIMIT_STORE=database)', () => {
  let t: TestApp;
  let stop: () => Promise<void>;
  before(async () => {
    ({ t, stop } = await bootImages({ plugin: 'storage-local', s3: false }, { IMAGE_RATE_LIMIT_PER_MINUTE: '2', RATE_LIMIT_STORE: 'database' }));
  });
  after(async () => stop?.());

  it('keeps its counters beside the API’s, under their own prefix, so instances share them', async () => {
    const { fileId } = await assetWithImage(t, 'limited', await testImage(32, 32));
    const reader = await scopedAuth(t, ['limited'], false);
    for (let i = 0; i < 2; i++) expect((await t.request.get(`/api/v1/files/images/${fileId}`).set('Authorization', reader)).status).to.equal(200);
    expectRateLimited(await t.request.get(`/api/v1/files/images/${fileId}`).set('Authorization', reader));
    const rows = await t.kernel.sequelize.query<{ bucket: string; hits: number }>("SELECT bucket, hits FROM rate_limit_hits WHERE bucket LIKE 'img:%'", {
      type: QueryTypes.SELECT,
    });
    expect(rows.map((r) => [r.bucket.replace(/[0-9a-f-]{36}$/, '<id>'), Number(r.hits)])).to.deep.equal([['img:key:<id>', 3]]);
  });
});
