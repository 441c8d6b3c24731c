import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { ADMIN_AUTH, createTestApp, type TestApp } from '../helpers/create-test-app.ts';

describe('rate limits counted in the database (RATE_LIMIT_STORE=database)', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ plugins: ['tags'], env: { RATE_LIMIT_STORE: 'database', RATE_LIMIT_PER_MINUTE: '3' } });
  });
  after(async () => {
    await t?.stop();
  });

  it('answers 429 problem+json past the limit, with the counter in rate_limit_hits', async () => {
    for (let i = 0; i < 3; i++) await t.request.get('/api/tags').set('Authorization', ADMIN_AUTH).expect(200);
    const refused = await t.request.get('/api/tags').set('Authorization', ADMIN_AUTH).expect(429);
    expect(refused.headers['content-type']).to.match(/application\/problem\+json/);
    expect(Number(refused.headers['retry-after'])).to.be.greaterThan(0);
    const rows = await t.kernel.sequelize.query<{ hits: number }>('SELECT hits FROM rate_limit_hits', { type: QueryTypes.SELECT });
    expect(rows.map((r) => Number(r.hits))).to.deep.equal([4]);
  });
});
