import { expect } from 'chai';
import { SEARCH } from '../../plugins/search/tokens.ts';
import { CORE } from '../../src/index.ts';
import { ADMIN_AUTH, createTestApp, type TestApp } from '../helpers/create-test-app.ts';

describe('relevance scores depend only on what the key may see', function () {
  this.timeout(60_000);
  let t: TestApp;
  const create = (project: string, body: object) => t.request.post(`/api/v1/projects/${project}/assets`).set('Authorization', ADMIN_AUTH).send(body).expect(201);
  const drain = () => t.container.get(SEARCH.outboxWorker).drain();

  before(async () => {
    t = await createTestApp({ plugins: ['search', 'image-assets'], config: { search: { drainIntervalMs: 0 } } });
  });
  after(() => t?.stop());

  it('keeps project A’s scores and order exactly when project B fills up with the same words', async () => {
    await create('score-a', { name: 'Red dragon', description: 'A dragon over gold in a cave' });
    await create('score-a', { name: 'Cave painting', description: 'Old marks on a cave wall, and a small dragon' });
    await create('score-a', { name: 'Gold coins', description: 'A heap of gold' });
    await drain();
    const { token } = await t.container.get(CORE.apiKeys).create({ name: 'score-a only', projectIds: ['score-a'] });
    const look = async (q: string) =>
      (await t.request.get('/api/v1/projects/score-a/assets/search').query({ q }).set('Authorization', `Bearer ${token}`).expect(200)).body.assets.map(
        (a: { name: string; relevance_score: number }) => [a.name, a.relevance_score],
      );
    const queries = ['dragon', 'dragon cave', 'gold cave', 'cave'];
    const before = await Promise.all(queries.map(look));
    expect(before[1]).to.have.length(2);

    // Project B: many assets with "dragon" and "cave", long descriptions, none with "gold".
    const filler = 'dragon cave '.repeat(30);
    await t.request
      .post('/api/v1/projects/score-b/assets/bulk')
      .set('Authorization', ADMIN_AUTH)
      .send({ assets: Array.from({ length: 150 }, (_, i) => ({ name: `dragon cave ${i}`, description: filler })) })
      .expect(200);
    await drain();
    expect(await Promise.all(queries.map(look))).to.deep.equal(before);
  });
});
