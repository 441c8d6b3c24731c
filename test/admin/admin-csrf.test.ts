import { expect } from 'chai';
import supertest from 'supertest';
import { createTestApp, type TestApp } from '../helpers/create-test-app.ts';
import { ADMIN_EMAIL, ADMIN_ENV, ADMIN_PASSWORD, signedInAgent } from './admin-session.ts';

describe('admin: requests from other sites, odd bodies and odd paths', function () {
  this.timeout(120_000);
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ env: ADMIN_ENV });
  });
  after(async () => t?.stop());

  const tagNames = async () => {
    const agent = await signedInAgent(t.app);
    const list = await agent.get('/admin/api/resources/tags/actions/list?perPage=100').expect(200);
    return (list.body.records as Array<{ params: { name: string } }>).map((r) => r.params.name);
  };

  it('refuses a sign-in posted from another site, by Sec-Fetch-Site or by Origin, and starts no session', async () => {
    for (const headers of [{ 'Sec-Fetch-Site': 'cross-site' }, { 'Sec-Fetch-Site': 'same-site' }, { Origin: 'http://evil.example' }, { Referer: 'http://evil.example/page' }]) {
      const res = await supertest(t.app).post('/admin/login').set(headers).type('form').send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
      expect(res.status, JSON.stringify(headers)).to.equal(403);
      expect(res.type).to.equal('application/problem+json');
      expect(res.headers['set-cookie']).to.equal(undefined);
    }
  });

  it('still signs in from its own page', async () => {
    const res = await supertest(t.app).post('/admin/login').set('Sec-Fetch-Site', 'same-origin').type('form').send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    expect(res.status).to.equal(302);
    const own = await supertest(t.app).post('/admin/login').set('Host', 'dash.example:8080').set('Origin', 'http://dash.example:8080').type('form').send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    expect(own.status).to.equal(302);
  });

  it('refuses a change posted from another site into a signed-in session, and changes nothing', async () => {
    const agent = await signedInAgent(t.app);
    const res = await agent.post('/admin/api/resources/tags/actions/new').set('Origin', 'http://evil.example').type('form').send({ name: 'planted' });
    expect(res.status).to.equal(403);
    const same = await agent.post('/admin/api/resources/tags/actions/new').set('Sec-Fetch-Site', 'same-origin').type('form').send({ name: 'made-here' });
    expect(same.status).to.equal(200);
    const names = await tagNames();
    expect(names).to.include('made-here');
    expect(names).to.not.include('planted');
  });

  it('answers a text/plain post with 415, signed in or not, never 500', async () => {
    const anonymous = await supertest(t.app).post('/admin/login').set('Content-Type', 'text/plain').send('email=a&password=b');
    expect(anonymous.status).to.equal(415);
    const agent = await signedInAgent(t.app);
    const res = await agent.post('/admin/api/resources/tags/actions/new').set('Content-Type', 'text/plain').send('name=x');
    expect(res.status).to.equal(415);
    expect(res.type).to.equal('application/problem+json');
  });

  it('answers /ADMIN and other letter cases with 404, never 500', async () => {
    for (const path of ['/ADMIN', '/Admin/login', '/aDmIn/api/resources/tags/actions/list']) {
      const res = await supertest(t.app).get(path);
      expect(res.status, path).to.equal(404);
      expect(res.type, path).to.equal('application/problem+json');
    }
  });
});
