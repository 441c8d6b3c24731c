import { expect } from 'chai';
import { ADMIN_AUTH } from '../helpers/create-test-app.ts';
import { createAppWithBreakableDatabase, type BreakableDatabaseApp } from '../helpers/breakable-database.ts';

describe('database outages', () => {
  let db: BreakableDatabaseApp;
  before(async () => {
    db = await createAppWithBreakableDatabase({ plugins: ['tags'] });
  });
  afterEach(() => db.repairDatabase());
  after(() => db?.dispose());

  const createTag = (name: string) => db.t.request.post('/api/tags').set('Authorization', ADMIN_AUTH).send({ name });

  it('answers a write the database cannot take with 503, Retry-After and a problem body, then recovers', async () => {
    await db.breakDatabase();
    const res = await createTag('During the outage');
    expect(res.status, db.kind).to.equal(503);
    expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(Number(res.headers['retry-after'])).to.be.within(1, 30);
    expect(res.body).to.include({ status: 503, type: '/problems/unavailable', instance: '/api/tags' });
    expect(res.body.detail).to.match(/database/i);
    expect(res.body.request_id).to.be.a('string');

    await db.repairDatabase();
    await createTag('After the outage').expect(201);
  });

  it('is not ready while the database cannot take writes, naming the database', async () => {
    await db.t.request.get('/readyz').expect(200);
    await db.breakDatabase();
    const res = await db.t.request.get('/readyz');
    expect(res.status, db.kind).to.equal(503);
    expect(res.body.status).to.equal('unavailable');
    expect(res.body.checks.database.status).to.equal('failing');
    expect(res.body.checks.database.error).to.be.a('string').and.not.be.empty;

    await db.repairDatabase();
    await db.t.request.get('/readyz').expect(200);
  });
});
