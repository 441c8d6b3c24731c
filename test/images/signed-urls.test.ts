import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { CORE } from '../../src/index.ts';
import { HmacUrlSigner } from '../../src/core/signing/url-signer.ts';
import { parseSigningKeys } from '../../src/core/signing/signing-keys.ts';
import { createTestApp, type TestApp } from '../helpers/create-test-app.ts';
import { ADMIN_AUTH, assetWithImage, binary, testImage } from './helpers.ts';
import { linkPath } from '../helpers/links.ts';

const OLD_KEY = 'k1:first-secret-0123456789abcdef';
const NEW_KEY = 'k2:second-secret-0123456789abcdef';

const boot = (env: Record<string, string>, reuse?: TestApp) =>
  createTestApp({ plugins: ['images', 'storage-local'], env, reuse: reuse ? { dataDir: reuse.dataDir, databaseUrl: reuse.databaseUrl } : undefined });

describe('signed image URLs', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.stop();
    t = undefined;
  });

  it('signs image_url with the first configured key, and refuses an expired URL with 403', async () => {
    t = await boot({ URL_SIGNING_KEYS: OLD_KEY });
    const { fileId, generation } = await assetWithImage(t, 'signed', await testImage(40, 40));
    expect(generation.image_url).to.match(/[?&]kid=k1&/);
    expect((await t.request.get(linkPath(generation.image_url))).status).to.equal(200);

    // A URL the same key signed ten days ago, for a week: valid signature, past its expiry.
    const tenDaysAgo = Math.floor(Date.now() / 1000) - 10 * 86_400;
    const past = new HmacUrlSigner(7 * 86_400, () => tenDaysAgo);
    past.useKeys(parseSigningKeys([OLD_KEY]));
    const expired = await t.request.get(past.sign(`/api/v1/files/images/${fileId}`));
    expect(expired.status).to.equal(403);
    expect(expired.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(expired.body.detail).to.match(/expired/);

    // Signed with a key this server does not hold.
    const stranger = new HmacUrlSigner(3600);
    stranger.useKeys(parseSigningKeys(['k1:some-other-secret-0123456789']));
    const forged = await t.request.get(stranger.sign(`/api/v1/files/images/${fileId}`));
    expect(forged.status).to.equal(403);
    expect(forged.body.detail).to.match(/not valid/);
  });

  it('keeps verifying URLs of a rotated-out key while it is listed, and signs with the new one', async () => {
    t = await boot({ URL_SIGNING_KEYS: OLD_KEY });
    const { asset, generation } = await assetWithImage(t, 'signed', await testImage(40, 40));
    const oldUrl = linkPath(generation.image_url);
    await t.stop({ keepData: true });

    t = await boot({ URL_SIGNING_KEYS: `${NEW_KEY},${OLD_KEY}` }, t);
    expect((await t.request.get(oldUrl)).status).to.equal(200);
    const shown = await t.request.get(`/api/v1/generations/${generation.id}`).set('Authorization', ADMIN_AUTH).expect(200);
    expect(shown.body.image_url).to.match(/[?&]kid=k2&/);
    expect((await t.request.get(linkPath(shown.body.image_url))).status).to.equal(200);
    const assetView = await t.request.get(`/api/v1/assets/${asset.id}`).set('Authorization', ADMIN_AUTH).expect(200);
    expect((await t.request.get(linkPath(assetView.body.thumbnail))).status).to.equal(200);
    await t.stop({ keepData: true });

    // Once the old key is dropped, its URLs stop working.
    t = await boot({ URL_SIGNING_KEYS: NEW_KEY }, t);
    expect((await t.request.get(oldUrl)).status).to.equal(403);
    expect((await t.request.get(linkPath(shown.body.image_url))).status).to.equal(200);
  });

  it('without URL_SIGNING_KEYS, generates one key at first boot and keeps it in the database for every instance', async () => {
    t = await boot({});
    const { generation } = await assetWithImage(t, 'signed', await testImage(40, 40));
    const url = linkPath(generation.image_url);
    expect(url).to.match(/[?&]kid=g1&/);
    await t.stop({ keepData: true });

    t = await boot({}, t);
    const res = await t.request.get(url).buffer(true).parse(binary);
    expect(res.status).to.equal(200);
    const rows = await t.container.get(CORE.database).query('SELECT id FROM url_signing_keys', { type: QueryTypes.SELECT });
    expect(rows).to.have.length(1);
  });

  it('makes the URLs absolute under PUBLIC_URL; the signature covers the path and query', async () => {
    t = await boot({ PUBLIC_URL: 'https://images.example.com/' });
    const { asset, generation } = await assetWithImage(t, 'signed', await testImage(40, 40));
    expect(generation.image_url).to.match(/^https:\/\/images\.example\.com\/api\/v1\/files\/images\/[0-9a-f-]{36}\?expires=/);
    const shown = await t.request.get(`/api/v1/assets/${asset.id}`).set('Authorization', ADMIN_AUTH).expect(200);
    expect(shown.body.thumbnail).to.match(/^https:\/\/images\.example\.com\/api\/v1\/assets\//);
    for (const url of [generation.image_url, shown.body.thumbnail]) expect((await t.request.get(linkPath(url))).status).to.equal(200);
  });

  it('refuses to boot with a malformed URL_SIGNING_KEYS, naming it', async () => {
    for (const value of ['no-colon-here-0123456789', 'k1:short', 'bad id:0123456789abcdef0123']) {
      let failure: Error | undefined;
      try {
        t = await boot({ URL_SIGNING_KEYS: value });
      } catch (err) {
        failure = err as Error;
      }
      expect(failure?.message, value).to.match(/URL_SIGNING_KEYS/);
      expect(failure?.message, value).not.to.contain(value.split(':')[1] ?? value);
    }
  });
});
