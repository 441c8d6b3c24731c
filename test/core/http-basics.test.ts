import { expect } from 'chai';
import { ADMIN_AUTH, createTestApp, type TestApp } from '../helpers/create-test-app.ts';

describe('core HTTP', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ plugins: [], extraPlugins: [(await import('../../examples/hello-plugin/index.ts')).default] });
  });
  after(() => t.stop());

  it('answers liveness without a token', async () => {
    const res = await t.request.get('/healthz').expect(200);
    expect(res.body).to.deep.equal({ status: 'ok' });
  });

  it('reports readiness per dependency', async () => {
    const res = await t.request.get('/readyz').expect(200);
    expect(res.body.status).to.equal('ready');
    expect(res.body.checks.database.status).to.equal('ok');
  });

  it('serves an OpenAPI 3.1 document built from the route schemas', async () => {
    const res = await t.request.get('/openapi.json').expect(200);
    expect(res.body.openapi).to.equal('3.1.0');
    const op = res.body.paths['/api/hello/greetings'].post;
    expect(op.requestBody.content['application/json'].schema.properties.name.type).to.equal('string');
    expect(op.responses).to.have.property('201');
    expect(op.responses).to.have.property('401');
  });

  it('serves rendered docs with their assets from this server', async () => {
    const html = await t.request.get('/docs/').expect(200);
    expect(html.text).to.contain('swagger-ui');
    const scripts = [...html.text.matchAll(/src="([^"]+)"/g)].map((m) => m[1]);
    expect(scripts.every((src) => !/^https?:/.test(src))).to.equal(true);
    await t.request.get('/docs/swagger-ui-bundle.js').expect(200).expect('content-type', /javascript/);
  });

  it('serves Prometheus metrics with per-route latencies to the admin token, and to no one without a token', async () => {
    await t.request.get('/api/hello').set('Authorization', ADMIN_AUTH).expect(200);
    const res = await t.request.get('/metrics').set('Authorization', ADMIN_AUTH).expect(200);
    expect(res.text).to.match(/http_request_duration_seconds_bucket\{[^}]*route="\/api\/hello"/);
    expect(res.text).to.contain('process_resident_memory_bytes');
    const anonymous = await t.request.get('/metrics').expect(401);
    expect(anonymous.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(anonymous.text).not.to.contain('http_request_duration_seconds');
    const { token } = await t.container.get((await import('../../src/index.ts')).CORE.apiKeys).create({ name: 'reader', canWrite: false });
    const keyed = await t.request.get('/metrics').set('Authorization', `Bearer ${token}`).expect(403);
    expect(keyed.text).not.to.contain('http_request_duration_seconds');
    await t.request.get('/metrics').set('Authorization', 'Bearer not-a-real-token-at-all').expect(401);
  });

  it('lets a scraper read metrics with METRICS_TOKEN, or anyone when METRICS_PUBLIC is set', async () => {
    const scraper = 'scrape-secret-0123456789';
    const guarded = await createTestApp({ plugins: [], env: { METRICS_TOKEN: scraper } });
    const open = await createTestApp({ plugins: [], env: { METRICS_PUBLIC: 'true' } });
    try {
      expect((await guarded.request.get('/metrics').set('Authorization', `Bearer ${scraper}`).expect(200)).text).to.contain('process_resident_memory_bytes');
      await guarded.request.get('/metrics').set('Authorization', `Bearer ${scraper}x`).expect(401);
      expect((await open.request.get('/metrics').expect(200)).text).to.contain('process_resident_memory_bytes');
    } finally {
      await guarded.stop();
      await open.stop();
    }
  });

  it('answers 401 problem+json on /api without a token', async () => {
    const res = await t.request.get('/api/hello').expect(401);
    expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(res.headers['www-authenticate']).to.equal('Bearer');
    expect(res.body).to.include({ status: 401, title: 'Unauthorized' });
  });

  it('answers 401 for a wrong token, and for unknown /api routes without a token', async () => {
    await t.request.get('/api/hello').set('Authorization', 'Bearer nope').expect(401);
    await t.request.get('/api/hello').set('Authorization', 'Basic Zm9vOmJhcg==').expect(401);
    await t.request.get('/api/does-not-exist').expect(401);
  });

  it('answers unknown routes with a 404 problem', async () => {
    const res = await t.request.get('/api/does-not-exist').set('Authorization', ADMIN_AUTH).expect(404);
    expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(res.body.detail).to.contain('/api/does-not-exist');
    await t.request.get('/nowhere').expect(404).expect('content-type', /problem\+json/);
  });

  it('refuses malformed JSON with a 400 problem', async () => {
    const res = await t.request
      .post('/api/hello/greetings')
      .set('Authorization', ADMIN_AUTH)
      .set('Content-Type', 'application/json')
      .send('{"name": ')
      .expect(400);
    expect(res.body.type).to.equal('/problems/malformed-json');
  });

  it('names each invalid field, refuses unknown fields and wrong types', async () => {
    const res = await t.request.post('/api/hello/greetings').set('Authorization', ADMIN_AUTH).send({ name: 42, extra: true }).expect(400);
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).to.include('body.name');
    expect(fields).to.include('body.extra');
  });

  it('refuses a repeated query key instead of guessing', async () => {
    const res = await t.request.get('/api/hello?delay_ms=1&delay_ms=2').set('Authorization', ADMIN_AUTH).expect(400);
    expect(res.body.errors[0].field).to.equal('query.delay_ms');
  });

  it('echoes a request id, and mints one when none is given', async () => {
    const given = await t.request.get('/healthz').set('X-Request-Id', 'abc-123').expect(200);
    expect(given.headers['x-request-id']).to.equal('abc-123');
    const minted = await t.request.get('/healthz').expect(200);
    expect(minted.headers['x-request-id']).to.match(/^[0-9a-f-]{36}$/);
  });

  it('sends security headers', async () => {
    const res = await t.request.get('/healthz');
    expect(res.headers['x-content-type-options']).to.equal('nosniff');
    expect(res.headers).to.not.have.property('x-powered-by');
  });

  it('refuses JSON bodies over the configured limit with 413', async () => {
    const res = await t.request
      .post('/api/hello/greetings')
      .set('Authorization', ADMIN_AUTH)
      .send({ name: 'x'.repeat(3 * 1024 * 1024) })
      .expect(413);
    expect(res.headers['content-type']).to.match(/problem\+json/);
  });
});
