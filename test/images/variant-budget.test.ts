import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { CORE } from '../../src/index.ts';
import { createTestApp, type TestApp } from '../helpers/create-test-app.ts';
import { scopedAuth } from '../image-assets/helpers.ts';
import { ADMIN_AUTH, assetWithImage, binary, dimensionsOf, variantRows } from './helpers.ts';
import { noiseImage, variantBytes, variantObjects } from './variant-helpers.ts';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * PNGs of 200 px noise resized to about 100 px are 24-26 KB each: this budget holds two of them, not three.
 * The touch interval is 0 so that every hit records its use (the default records at most one a minute).
 */
const BUDGET_BYTES = 60_000;
const env = { IMAGE_VARIANT_BUDGET_MB: String(BUDGET_BYTES / 1024 / 1024) };
const config = { images: { variantTouchSeconds: 0 } };

const boot = (extra: Record<string, string> = {}, reuse?: TestApp) =>
  createTestApp({
    plugins: ['images', 'storage-local'],
    env: { ...env, ...extra },
    config,
    reuse: reuse ? { dataDir: reuse.dataDir, databaseUrl: reuse.databaseUrl } : undefined,
  });

describe('stored variants stay within a storage budget (IMAGE_VARIANT_BUDGET_MB), least recently used first out', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.stop();
    t = undefined;
  });

  const get = (app: TestApp, fileId: string, query: string, auth: string) =>
    app.request.get(`/api/v1/files/images/${fileId}?${query}`).set('Authorization', auth).buffer(true).parse(binary);
  const widths = async (app: TestApp, fileId: string) => (await variantRows(app, fileId)).map((r) => Number(/^w(\d+)-/.exec(r.params_key)![1])).sort((x, y) => x - y);

  it('removes the least recently used variants (rows and objects) past the budget, and makes them again on demand with the same bytes', async () => {
    t = await boot();
    const original = await noiseImage(200, 200);
    const { fileId } = await assetWithImage(t, 'budget', original);
    const reader = await scopedAuth(t, ['budget'], false);

    const a = await get(t, fileId, 'width=100&format=png', reader).expect(200);
    const b = await get(t, fileId, 'width=99&format=png', reader).expect(200);
    expect(await widths(t, fileId)).to.deep.equal([99, 100]);
    // A is used again, so B is now the least recently used.
    await get(t, fileId, 'width=100&format=png', reader).expect(200);
    await get(t, fileId, 'width=98&format=png', reader).expect(200);
    expect(await widths(t, fileId)).to.deep.equal([98, 100]);
    expect(await variantObjects(t, sha256(original))).to.have.length(2);
    expect(await variantBytes(t)).to.be.at.most(BUDGET_BYTES);

    // B is made again, identical; now A (used before 98 was made) goes.
    const bAgain = await get(t, fileId, 'width=99&format=png', reader).expect(200);
    expect(Buffer.compare(bAgain.body, b.body)).to.equal(0);
    expect(bAgain.headers.etag).to.equal(b.headers.etag);
    expect(await widths(t, fileId)).to.deep.equal([98, 99]);
    const aAgain = await get(t, fileId, 'width=100&format=png', reader).expect(200);
    expect(Buffer.compare(aAgain.body, a.body)).to.equal(0);
    // The original is never touched.
    const originalAgain = await get(t, fileId, '', reader).expect(200);
    expect(Buffer.compare(originalAgain.body, original)).to.equal(0);
  });

  it('answers every concurrent request while their variants evict one another, and ends within the budget', async () => {
    t = await boot();
    const { fileId } = await assetWithImage(t, 'budget', await noiseImage(200, 200));
    const reader = await scopedAuth(t, ['budget'], false);
    const sizes = [100, 99, 98, 97, 96, 95];
    const responses = await Promise.all([...sizes, ...sizes, ...sizes].map((w) => get(t!, fileId, `width=${w}&format=png`, reader)));
    for (const [i, res] of responses.entries()) {
      expect(res.status, res.text).to.equal(200);
      expect((await dimensionsOf(res.body)).width).to.equal(sizes[i % sizes.length]);
    }
    // Sequentially now: each of these may find its variant evicted between look-up and read.
    for (const w of [...sizes, ...sizes]) {
      const res = await get(t, fileId, `width=${w}&format=png`, reader);
      expect(res.status).to.equal(200);
      expect((await dimensionsOf(res.body)).width).to.equal(w);
    }
    expect(await variantBytes(t)).to.be.at.most(BUDGET_BYTES);
  });

  it('brings variants made under a larger budget within a smaller one on the scheduled run', async () => {
    t = await boot({ IMAGE_VARIANT_BUDGET_MB: '1024' });
    const original = await noiseImage(200, 200);
    const { fileId } = await assetWithImage(t, 'budget', original);
    for (const w of [100, 99, 98, 97]) await get(t, fileId, `width=${w}&format=png`, ADMIN_AUTH).expect(200);
    await get(t, fileId, 'width=100&format=png', ADMIN_AUTH).expect(200);
    expect(await widths(t, fileId)).to.have.length(4);
    await t.stop({ keepData: true });

    t = await boot({}, t);
    expect(await t.container.get(CORE.scheduler).runNow('images.variant-budget')).to.equal(true);
    // The two most recently used stay: 100 (used last) and 97 (made last).
    expect(await widths(t, fileId)).to.deep.equal([97, 100]);
    expect(await variantObjects(t, sha256(original))).to.have.length(2);
  });
});
