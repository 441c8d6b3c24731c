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

  it('single creates that introduce the same new tags in parallel all succeed, and each tag exists once', async () => {
    for (let round = 0; round < 3; round += 1) {
      const names = [`fresh-${round}-a`, `Fresh-${round}-B`, `fresh-${round}-c`];
      const responses = await Promise.all(
        Array.from({ length: 16 }, (_, i) =>
          t.request
            .post('/api/v1/projects/parallel-tags/assets')
            .set('Authorization', ADMIN_AUTH)
            // Different orders and letter cases of the same three names.
            .send({ name: `parallel ${round}-${i}`, tags: i % 2 ? names : [...names].reverse().map((n) => n.toUpperCase()) }),
        ),
      );
      expect(responses.map((r) => r.status), JSON.stringify(responses.find((r) => r.status !== 201)?.body)).to.deep.equal(Array(16).fill(201));
      const tags = await t.request.get('/api/v1/projects/parallel-tags/tags').set('Authorization', ADMIN_AUTH).expect(200);
      for (const name of names) {
        const matching = tags.body.tags.filter((tag: { name: string }) => tag.name.toLowerCase() === name.toLowerCase());
        expect(matching, name).to.have.length(1);
        expect(matching[0].count).to.equal(16);
      }
    }
  });
});
