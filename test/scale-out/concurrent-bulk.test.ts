import { expect } from 'chai';
import { ADMIN_AUTH, createTestApp, type TestApp } from '../helpers/create-test-app.ts';

describe('concurrent bulk creates', function () {
  this.timeout(60_000);
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ plugins: ['image-assets'] });
  });
  after(async () => {
    await t?.stop();
  });

  it('all succeed when they bring the same new tags at the same time', async () => {
    const batch = (n: number) => ({
      assets: Array.from({ length: 50 }, (_, i) => ({ name: `asset ${n}-${i}`, tags: [`new-${i % 5}`, `also-new-${i % 3}`] })),
    });
    const responses = await Promise.all(
      [1, 2, 3, 4].map((n) => t.request.post('/api/v1/projects/concurrent/assets/bulk').set('Authorization', ADMIN_AUTH).send(batch(n))),
    );
    expect(responses.map((r) => r.status)).to.deep.equal([200, 200, 200, 200]);
    expect(responses.map((r) => [r.body.created.length, r.body.failed.length])).to.deep.equal([
      [50, 0],
      [50, 0],
      [50, 0],
      [50, 0],
    ]);
    const tags = await t.request.get('/api/v1/projects/concurrent/tags').set('Authorization', ADMIN_AUTH).expect(200);
    expect(tags.body.tags).to.deep.include({ name: 'new-0', count: 40 });
    expect(tags.body.tags).to.have.length(8);
  });
});
