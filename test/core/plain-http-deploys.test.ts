import { expect } from 'chai';
import supertest from 'supertest';
import { ADMIN_AUTH, createTestApp, type TestApp } from '../helpers/create-test-app.ts';
import { ADMIN_ENV } from '../admin/admin-session.ts';
import { assetWithImage, testImage } from '../images/helpers.ts';

const PAGES = ['/docs/', '/openapi.json', '/healthz', '/admin/login'];

function transportHeaders(res: supertest.Response) {
  return { hsts: res.headers['strict-transport-security'] as string | undefined, csp: String(res.headers['content-security-policy']) };
}

describe('plain-HTTP deploys: transport headers and absolute links', function () {
  this.timeout(120_000);
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.stop();
    t = undefined;
  });

  it('over plain HTTP under any host, sends neither HSTS nor upgrade-insecure-requests', async () => {
    t = await createTestApp({ env: ADMIN_ENV });
    for (const page of PAGES) {
      const res = await supertest(t.app).get(page).set('Host', 'server:3000');
      const { hsts, csp } = transportHeaders(res);
      expect(hsts, page).to.equal(undefined);
      expect(csp, page).not.to.contain('upgrade-insecure-requests');
      expect(csp, page).to.contain("default-src 'self'");
    }
  });

  it('sends both over TLS: behind a proxy named in TRUST_PROXY, or when PUBLIC_URL is https', async () => {
    t = await createTestApp({ env: { ...ADMIN_ENV, TRUST_PROXY: 'loopback' } });
    for (const page of PAGES) {
      const { hsts, csp } = transportHeaders(await supertest(t.app).get(page).set('Host', 'assets.example.com').set('X-Forwarded-Proto', 'https'));
      expect(hsts, page).to.match(/max-age=\d+/);
      expect(csp, page).to.contain('upgrade-insecure-requests');
    }
    await t.stop();

    // Without TRUST_PROXY the header is anyone's to send, and is ignored.
    t = await createTestApp({ env: ADMIN_ENV });
    expect(transportHeaders(await supertest(t.app).get('/docs/').set('X-Forwarded-Proto', 'https')).hsts).to.equal(undefined);
    await t.stop();

    t = await createTestApp({ env: { ...ADMIN_ENV, PUBLIC_URL: 'https://assets.example.com' } });
    for (const page of PAGES) {
      const { hsts, csp } = transportHeaders(await supertest(t.app).get(page));
      expect(hsts, page).to.match(/max-age=\d+/);
      expect(csp, page).to.contain('upgrade-insecure-requests');
    }
  });

  it('refuses a TRUST_PROXY that is not true, false, a hop count or addresses', async () => {
    let error: Error | undefined;
    await createTestApp({ env: { TRUST_PROXY: 'every proxy!' } }).catch((err: Error) => (error = err));
    expect(error?.message).to.contain('TRUST_PROXY: must be true, false, a number of hops, or comma-separated addresses or subnets');
  });

  it('returns absolute links built from the host the request came to', async () => {
    t = await createTestApp();
    const { asset } = await assetWithImage(t, 'links', await testImage(32, 32));
    const shown = await supertest(t.app).get(`/api/v1/assets/${asset.id}?include_generations=true`).set('Authorization', ADMIN_AUTH).set('Host', 'server:3000').expect(200);
    expect(shown.body.thumbnail).to.match(new RegExp(`^http://server:3000/api/v1/assets/${asset.id}/thumbnail\\?v=`));
    const listed = await supertest(t.app).get('/api/v1/projects/links/assets').set('Authorization', ADMIN_AUTH).set('Host', '192.168.1.20:8080').expect(200);
    expect(listed.body.assets[0].thumbnail).to.match(/^http:\/\/192\.168\.1\.20:8080\/api\/v1\/assets\//);
    const generations = await supertest(t.app).get(`/api/v1/assets/${asset.id}/generations`).set('Authorization', ADMIN_AUTH).set('Host', 'server:3000').expect(200);
    expect(generations.body.generations[0].image_url).to.match(/^http:\/\/server:3000\/api\/v1\/files\/images\/[0-9a-f-]{36}\?expires=/);

    const media = await supertest(t.app).post('/api/media-assets/upload').set('Authorization', ADMIN_AUTH).set('Host', 'server:3000').attach('file', Buffer.from('%PDF-1.4\n'), 'a.pdf').expect(201);
    expect(media.body.download_url).to.equal(`http://server:3000/api/media-assets/${media.body.id}/download`);
    // The link works as given.
    const download = await supertest(t.app).get(new URL(media.body.download_url).pathname).set('Authorization', ADMIN_AUTH);
    expect(download.status).to.equal(200);
  });

  it('takes the scheme and host a trusted proxy reports, and PUBLIC_URL over both', async () => {
    t = await createTestApp({ env: { TRUST_PROXY: 'loopback' } });
    const { asset } = await assetWithImage(t, 'links', await testImage(32, 32));
    const proxied = await supertest(t.app)
      .get(`/api/v1/assets/${asset.id}`)
      .set('Authorization', ADMIN_AUTH)
      .set('X-Forwarded-Proto', 'https')
      .set('X-Forwarded-Host', 'assets.example.com')
      .expect(200);
    expect(proxied.body.thumbnail).to.match(/^https:\/\/assets\.example\.com\/api\/v1\/assets\//);
    // Whatever else a client writes there never becomes a link's scheme.
    const odd = await supertest(t.app).get(`/api/v1/assets/${asset.id}`).set('Authorization', ADMIN_AUTH).set('X-Forwarded-Proto', 'javascript').set('X-Forwarded-Host', 'x.example').expect(200);
    expect(odd.body.thumbnail).to.match(/^http:\/\/x\.example\/api\/v1\/assets\//);
    await t.stop();

    t = await createTestApp({ env: { PUBLIC_URL: 'https://cdn.example.com/base/' } });
    const other = await assetWithImage(t, 'links', await testImage(32, 32));
    const shown = await supertest(t.app).get(`/api/v1/assets/${other.asset.id}`).set('Authorization', ADMIN_AUTH).set('Host', 'internal:3000').expect(200);
    expect(shown.body.thumbnail).to.match(/^https:\/\/cdn\.example\.com\/base\/api\/v1\/assets\//);
  });
});
