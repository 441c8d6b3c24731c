import { expect } from 'chai';
import supertest from 'supertest';
import { createTestApp, type TestApp } from '../helpers/create-test-app.ts';
import { ADMIN_EMAIL, ADMIN_ENV, ADMIN_PASSWORD, signedInAgent } from './admin-session.ts';

describe('admin: sign-in and sessions', function () {
  this.timeout(120_000);
  let t: TestApp;

  before(async () => {
    t = await createTestApp({ env: ADMIN_ENV });
  });
  after(async () => t?.stop());

  it('sends every /admin path, assets and API included, to sign-in without a session', async () => {
    const page = await supertest(t.app).get('/admin');
    expect(page.status).to.equal(302);
    expect(page.headers.location).to.equal('/admin/login');
    for (const path of ['/admin/resources/tags', '/admin/frontend/assets/app.bundle.js', '/admin/frontend/assets/components.bundle.js']) {
      const res = await supertest(t.app).get(path);
      expect(res.status, path).to.equal(302);
    }
    const api = await supertest(t.app).get('/admin/api/resources/tags/actions/list');
    expect(api.status).to.equal(401);
    const dash = await supertest(t.app).get('/admin/api/dashboard');
    expect(dash.status).to.equal(401);
  });

  it('shows a sign-in form that needs no dashboard scripts', async () => {
    const res = await supertest(t.app).get('/admin/login');
    expect(res.status).to.equal(200);
    expect(res.text).to.contain('name="password"');
    expect(res.text).not.to.contain('<script');
  });

  it('refuses a wrong password, and an unknown email, with 401', async () => {
    const wrong = await supertest(t.app).post('/admin/login').type('form').send({ email: ADMIN_EMAIL, password: 'not the password at all' });
    expect(wrong.status).to.equal(401);
    expect(wrong.text).to.contain('Wrong email or password');
    expect(wrong.headers['set-cookie']).to.equal(undefined);
    const unknown = await supertest(t.app).post('/admin/login').type('form').send({ email: 'nobody@example.com', password: ADMIN_PASSWORD });
    expect(unknown.status).to.equal(401);
  });

  it('signs in with the account from ADMIN_EMAIL/ADMIN_PASSWORD: an httpOnly, SameSite=Lax cookie scoped to /admin', async () => {
    const res = await supertest(t.app).post('/admin/login').type('form').send({ email: ADMIN_EMAIL.toUpperCase(), password: ADMIN_PASSWORD });
    expect(res.status).to.equal(302);
    expect(res.headers.location).to.equal('/admin');
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).to.match(/^af_admin=/);
    expect(cookie).to.contain('HttpOnly');
    expect(cookie).to.contain('SameSite=Lax');
    expect(cookie).to.contain('Path=/admin');
    expect(cookie).not.to.contain('Secure'); // plain HTTP here; `auto` sets it over TLS
  });

  it('marks the cookie Secure when the request came over TLS', async () => {
    t.app.set('trust proxy', 'loopback');
    try {
      const res = await supertest(t.app).post('/admin/login').set('X-Forwarded-Proto', 'https').type('form').send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
      expect(res.status).to.equal(302);
      expect(String(res.headers['set-cookie'])).to.contain('Secure');
    } finally {
      t.app.set('trust proxy', false);
    }
  });

  it('serves the dashboard, its API and its assets with a session, and signs out', async () => {
    const agent = await signedInAgent(t.app);
    const page = await agent.get('/admin');
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('components.bundle.js');
    const bundle = await agent.get('/admin/frontend/assets/components.bundle.js');
    expect(bundle.status).to.equal(200);
    expect(bundle.text).to.contain('AdminJS.UserComponents');
    const dash = await agent.get('/admin/api/dashboard');
    expect(dash.status).to.equal(200);
    expect(dash.body).to.have.property('total_assets');
    expect(dash.body.daily).to.have.length(30);
    const out = await agent.get('/admin/logout');
    expect(out.status).to.equal(302);
    expect((await agent.get('/admin/api/dashboard')).status).to.equal(401);
  });

  it('slows down repeated wrong passwords per email and IP: 429 with Retry-After after 5 failures', async () => {
    const email = 'someone-else@example.com';
    for (let i = 0; i < 5; i++) {
      const res = await supertest(t.app).post('/admin/login').type('form').send({ email, password: `guess number ${i}` });
      expect(res.status).to.equal(401);
    }
    const blocked = await supertest(t.app).post('/admin/login').type('form').send({ email, password: 'guess number 6' });
    expect(blocked.status).to.equal(429);
    expect(Number(blocked.headers['retry-after'])).to.be.greaterThan(0);
    // The right password is refused too while blocked: the counter is per email and IP, not per password.
    // Another email from the same IP is not affected.
    const other = await signedInAgent(t.app);
    expect((await other.get('/admin/api/dashboard')).status).to.equal(200);
  });

  it('checks one sign-in at a time per email and IP: a burst of guesses gets 429s, not extra tries', async () => {
    const email = 'burst@example.com';
    const burst = await Promise.all(
      Array.from({ length: 12 }, (_, i) => supertest(t.app).post('/admin/login').type('form').send({ email, password: `burst guess ${i}` })),
    );
    const statuses = burst.map((res) => res.status);
    expect(statuses.every((status) => status === 401 || status === 429), statuses.join()).to.equal(true);
    expect(statuses.filter((status) => status === 401).length).to.be.at.most(5);
    expect(burst.find((res) => res.status === 429)?.headers['retry-after']).to.match(/^\d+$/);
  });

  it('keeps people signed in across a restart (sessions live in the database)', async () => {
    const agent = await signedInAgent(t.app);
    await t.stop({ keepData: true });
    t = await createTestApp({ env: ADMIN_ENV, reuse: { dataDir: t.dataDir, databaseUrl: t.databaseUrl } });
    const cookie = (agent as unknown as { jar: { getCookie(name: string, opts: object): { toValueString(): string } } }).jar.getCookie('af_admin', { domain: '127.0.0.1', path: '/admin', secure: false, script: false });
    const res = await supertest(t.app).get('/admin/api/dashboard').set('Cookie', cookie.toValueString());
    expect(res.status).to.equal(200);
  });
});

