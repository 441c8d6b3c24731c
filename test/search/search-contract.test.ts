import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { SEARCH } from '../../plugins/search/tokens.ts';
import { ADMIN_AUTH, createTestApp, type TestApp } from '../helpers/create-test-app.ts';
import type { FlakyEngine } from './fixtures/flaky-engine.ts';
import { TEST_INDEX, testDocsPlugin } from './fixtures/test-docs-plugin.ts';

const engines = ['embedded', 'meilisearch'] as const;

for (const engine of engines) {
  describe(`search contract: ${engine} engine`, function () {
    this.timeout(60_000);
    let t: TestApp;
    const flaky: { engine?: FlakyEngine } = {};

    before(async function () {
      if (engine === 'meilisearch' && !process.env.MEILISEARCH_URL) {
        console.log('    (skipped: set MEILISEARCH_URL to run the search contract against Meilisearch)');
        this.skip();
      }
      t = await createTestApp({
        plugins: ['search'],
        extraPlugins: [testDocsPlugin({ baseEngine: engine, flaky })],
        // The loop is off so each test drains when it means to; retries are due at once.
        config: {
          search: { engine: 'flaky', drainIntervalMs: 0, retryBaseMs: 1, retryMaxMs: 1, rebuildBatchSize: 7 },
          'search-meilisearch': { indexPrefix: `af_test_${randomBytes(4).toString('hex')}_` },
        },
        env: engine === 'meilisearch' ? { MEILISEARCH_URL: process.env.MEILISEARCH_URL! } : {},
      });
    });

    after(async () => {
      if (flaky.engine) flaky.engine.down = false;
      await t?.stop();
    });

    const create = async (doc: { project_id: string; name: string; description?: string; tags?: string[] }) =>
      (await t.request.post('/api/test-docs').set('Authorization', ADMIN_AUTH).send(doc).expect(201)).body.id as string;
    const drain = () => t.container.get(SEARCH.outboxWorker).drain();
    const search = (project: string, query: Record<string, string | number | boolean>) =>
      t.request.get(`/api/test-docs/projects/${project}/search`).query(query).set('Authorization', ADMIN_AUTH).expect(200);

    let dragon: string;
    let castle: string;
    before(async () => {
      dragon = await create({ project_id: 'p1', name: 'Red dragon', description: 'A dragon guarding a dragon hoard', tags: ['fantasy'] });
      castle = await create({ project_id: 'p1', name: 'Old keep', description: 'A castle ruin with one dragon banner', tags: ['castle'] });
      await create({ project_id: 'p1', name: 'Sea view', description: 'Waves and a castle far away' });
      await create({ project_id: 'p2', name: 'Blue dragon', description: 'Another project entirely' });
      await drain();
    });

    it("finds 'dragon' from the typo 'dragn' with fuzzy=true, and not with fuzzy=false", async () => {
      const fuzzy = await search('p1', { q: 'dragn', fuzzy: true });
      expect(fuzzy.body.hits.map((h: { id: string }) => h.id)).to.include(dragon);
      const exact = await search('p1', { q: 'dragn', fuzzy: false });
      expect(exact.body).to.deep.include({ total: 0, hits: [], degraded: false });
      const fuzzyByDefault = await search('p1', { q: 'dragn' });
      expect(fuzzyByDefault.body.total).to.equal(0);
    });

    it('answers best first, with scores between 0 and 1', async () => {
      const { body } = await search('p1', { q: 'dragon' });
      expect(body.total).to.equal(2);
      expect(body.hits[0].id).to.equal(dragon);
      const scores: number[] = body.hits.map((h: { relevanceScore: number }) => h.relevanceScore);
      scores.forEach((s) => expect(s).to.be.within(0, 1));
      expect([...scores].sort((a, b) => b - a)).to.deep.equal(scores);
    });

    it('keeps to the project it is asked about', async () => {
      const p2 = await search('p2', { q: 'dragon' });
      expect(p2.body.total).to.equal(1);
      expect(p2.body.hits[0].id).to.not.equal(dragon);
      expect((await search('p3', { q: 'dragon' })).body.total).to.equal(0);
    });

    it('searches only the fields it is given, and pages exactly', async () => {
      const tagged = await search('p1', { q: 'castle', fields: 'tags' });
      expect(tagged.body.hits.map((h: { id: string }) => h.id)).to.deep.equal([castle]);
      const everywhere = await search('p1', { q: 'castle' });
      expect(everywhere.body.total).to.equal(2);
      const second = await search('p1', { q: 'castle', limit: 1, offset: 1 });
      expect(second.body.total).to.equal(2);
      expect(second.body.hits).to.have.length(1);
      expect(second.body.hits[0].id).to.equal(everywhere.body.hits[1].id);
    });

    it('keeps writes made while the engine is down and delivers each exactly once when it is back', async () => {
      const outbox = t.container.get(SEARCH.outboxWorker);
      flaky.engine!.down = true;

      const added = await create({ project_id: 'p1', name: 'Griffin nest', description: 'outage write' });
      await t.request.put(`/api/test-docs/${castle}`).set('Authorization', ADMIN_AUTH).send({ name: 'Griffin tower' }).expect(200);
      const doomed = await create({ project_id: 'p1', name: 'Griffin statue' });
      await t.request.delete(`/api/test-docs/${doomed}`).set('Authorization', ADMIN_AUTH).expect(204);

      const report = await drain();
      expect(report.delivered).to.equal(0);
      expect(await outbox.pending()).to.equal(4);

      const degraded = await search('p1', { q: 'griffin' });
      expect(degraded.headers['search-degraded']).to.equal('true');
      expect(degraded.body.degraded).to.equal(true);
      expect(degraded.body.total).to.equal(2);
      const ready = await t.request.get('/readyz').expect(503);
      expect(ready.body.checks.search.status).to.equal('failing');

      flaky.engine!.down = false;
      await drain();
      expect(await outbox.pending()).to.equal(0);
      await t.request.get('/readyz').expect(200);

      const { body } = await search('p1', { q: 'griffin' });
      expect(body.degraded).to.equal(false);
      const ids: string[] = body.hits.map((h: { id: string }) => h.id);
      expect(ids).to.have.members([added, castle]);
      expect(body.total).to.equal(2);
      expect((await search('p1', { q: 'keep' })).body.total).to.equal(0);
    });

    it('keeps answering during a rebuild, and keeps writes made meanwhile', async () => {
      for (let i = 0; i < 30; i += 1) await create({ project_id: 'p9', name: `Wyvern ${i}` });
      await drain();
      const service = t.container.get(SEARCH.service);
      let rebuilding = true;
      const rebuild = service.rebuild({ indexName: TEST_INDEX }).finally(() => (rebuilding = false));
      const totals: number[] = [];
      let late: string | undefined;
      while (rebuilding) {
        totals.push((await search('p9', { q: 'wyvern' })).body.total);
        if (!late) {
          late = await create({ project_id: 'p9', name: 'Wyvern late' });
          await drain();
        }
      }
      await rebuild;
      expect(totals.length).to.be.greaterThan(0);
      totals.forEach((total) => expect(total).to.be.oneOf([30, 31]));
      const after = await search('p9', { q: 'wyvern', limit: 100 });
      expect(after.body.total).to.equal(31);
      expect(after.body.hits.map((h: { id: string }) => h.id)).to.include(late);
    });
  });
}
