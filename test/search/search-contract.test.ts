import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { SEARCH } from '../../plugins/search/tokens.ts';
import { ADMIN_AUTH, createTestApp, type TestApp } from '../helpers/create-test-app.ts';
import type { FlakyEngine } from './fixtures/flaky-engine.ts';
import { searchTargets, startTarget, type StartedTarget } from './fixtures/search-targets.ts';
import { TEST_INDEX, testDocsPlugin } from './fixtures/test-docs-plugin.ts';

// One contract for every engine: the embedded one, the Meilisearch adapter against the contract
// server at the oldest and newest supported versions, and against a real server when MEILISEARCH_URL is set.
for (const target of searchTargets()) {
  describe(`search contract: ${target.title}`, function () {
    this.timeout(120_000);
    let t: TestApp;
    let started: StartedTarget | undefined;
    const flaky: { engine?: FlakyEngine } = {};

    before(async function () {
      started = await startTarget(target, this);
      t = await createTestApp({
        plugins: ['search'],
        extraPlugins: [testDocsPlugin({ baseEngine: target.engine, flaky })],
        // The loop is off so each test drains when it means to; retries are due at once.
        config: {
          search: { engine: 'flaky', drainIntervalMs: 0, retryBaseMs: 1, retryMaxMs: 1, rebuildBatchSize: 7 },
          'search-meilisearch': { indexPrefix: `af_test_${randomBytes(4).toString('hex')}_` },
        },
        env: started.env,
      });
    });

    after(async () => {
      if (flaky.engine) flaky.engine.down = false;
      await t?.stop();
      await started?.stop();
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

    const idsOf = (body: { hits: Array<{ id: string }> }) => body.hits.map((h) => h.id);

    it('counts and pages exactly past 1,000 hits, up to the largest offset the API takes', async () => {
      const names = Array.from({ length: 1200 }, (_, i) => `Goblin ${i}`);
      await t.request.post('/api/test-docs/bulk').set('Authorization', ADMIN_AUTH).send({ project_id: 'many', names }).expect(201);
      await drain();
      const all: string[] = [];
      for (let offset = 0; offset < 1200; offset += 200) {
        const page = await search('many', { q: 'goblin', limit: 200, offset });
        expect(page.body.total).to.equal(1200);
        all.push(...idsOf(page.body));
      }
      expect(new Set(all).size).to.equal(1200);
      const at950 = await search('many', { q: 'goblin', limit: 50, offset: 950 });
      expect(at950.body.total).to.equal(1200);
      expect(idsOf(at950.body)).to.deep.equal(all.slice(950, 1000));
      const at1000 = await search('many', { q: 'goblin', limit: 50, offset: 1000 });
      expect(idsOf(at1000.body)).to.deep.equal(all.slice(1000, 1050));
      // An offset that is no multiple of the limit reads the same order.
      const odd = await search('many', { q: 'goblin', limit: 7, offset: 997 });
      expect(idsOf(odd.body)).to.deep.equal(all.slice(997, 1004));
      const end = await search('many', { q: 'goblin', limit: 200, offset: 1150 });
      expect(idsOf(end.body)).to.deep.equal(all.slice(1150));
    });

    it('refuses an offset or limit beyond what any search API takes, with a 400', async () => {
      for (const query of [{ offset: 100_001 }, { limit: 201 }]) {
        const res = await t.request.get('/api/test-docs/projects/many/search').query({ q: 'goblin', ...query }).set('Authorization', ADMIN_AUTH).expect(400);
        expect(res.headers['content-type']).to.match(/application\/problem\+json/);
      }
    });

    it('finds nothing for a query without a letter or a digit', async () => {
      for (const q of ['-', '!!!', '"', '$$$', '- " !', '¿?']) {
        for (const fuzzy of [true, false]) expect((await search('p1', { q, fuzzy })).body, `q=${q} fuzzy=${fuzzy}`).to.deep.include({ total: 0, hits: [] });
      }
    });

    it("takes every word of a query as a word that must match, whatever Meilisearch's query syntax would make of it", async () => {
      const draft = await create({ project_id: 'syntax', name: 'Draft castle plan' });
      const final = await create({ project_id: 'syntax', name: 'Final castle plan' });
      const red = await create({ project_id: 'syntax', name: 'Red dragon banner' });
      await drain();
      const ids = async (q: string, fuzzy: boolean) => idsOf((await search('syntax', { q, fuzzy })).body);
      for (const fuzzy of [true, false]) {
        // A leading minus is no negation, a quote no phrase, and a quote inside a word separates it.
        expect(await ids('castle -draft', fuzzy), `fuzzy=${fuzzy}`).to.deep.equal([draft]);
        expect(await ids('"plan castle"', fuzzy), `fuzzy=${fuzzy}`).to.have.members([draft, final]);
        expect(await ids('red"dragon', fuzzy), `fuzzy=${fuzzy}`).to.deep.equal([red]);
        expect(await ids('plan -"final"', fuzzy), `fuzzy=${fuzzy}`).to.deep.equal([final]);
      }
      // A word after an opening quote is still typo-tolerant and a prefix.
      expect(await ids('"castl', true)).to.have.members([draft, final]);
      expect(await ids('"castl', false)).to.deep.equal([]);
    });

    it('refuses a query of more than ten words (Meilisearch would ignore the rest) with a 400 that says so', async () => {
      const ten = 'castle plan castle plan castle plan castle plan castle draft';
      expect(idsOf((await search('syntax', { q: ten, fuzzy: true })).body)).to.have.length(1);
      const res = await t.request.get('/api/test-docs/projects/syntax/search').query({ q: `${ten} final`, fuzzy: true }).set('Authorization', ADMIN_AUTH).expect(400);
      expect(res.headers['content-type']).to.match(/application\/problem\+json/);
      expect(res.body.errors[0].field).to.equal('query.q');
      expect(res.body.errors[0].message).to.match(/at most 10 words/);
    });
  });
}
