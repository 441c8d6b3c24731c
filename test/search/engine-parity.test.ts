import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { SEARCH } from '../../plugins/search/tokens.ts';
import { ADMIN_AUTH, createTestApp } from '../helpers/create-test-app.ts';
import { searchTargets, startTarget } from './fixtures/search-targets.ts';
import { testDocsPlugin } from './fixtures/test-docs-plugin.ts';

const DOCS = [
  { name: 'Red dragon', description: 'A dragon guarding gold', tags: ['fantasy'] },
  { name: 'Castle ruin', description: 'An old castle on a hill with a red banner', tags: ['architecture'] },
  { name: 'Forest path', description: 'Tall trees and a dragonfly', tags: ['nature'] },
  { name: 'Blue whale', description: 'The ocean giant', tags: ['ocean', 'animal'] },
  { name: 'Wizard tower', description: 'A wizard reading spells', tags: ['fantasy'] },
  { name: 'Sunset beach', description: 'Waves at dusk on the ocean', tags: ['ocean'] },
  { name: 'Mountain lake', description: 'Still water under a mountain', tags: ['nature'] },
  { name: 'Dragon kite', description: 'A kite shaped like a dragon, flying over a beach', tags: ['toy'] },
  { name: 'Whales song', description: 'Recorded far out at sea', tags: ['sound'] },
  { name: 'Old book', description: 'Notes of a wizard', tags: [] },
  { name: 'Café terrace', description: 'Chairs in the sun', tags: ['city'] },
];
type Query = { q: string; fuzzy: boolean; fields?: string; tag?: string; facets?: 'tags' };

/** The same hits, in the same order: where both engines' ranking signals point the same way (an exact word over a prefix, a name over a description). */
const SAME_ORDER: Array<[Query, string[]]> = [
  [{ q: 'whale', fuzzy: true }, ['Blue whale', 'Whales song']],
  [{ q: 'beach', fuzzy: false }, ['Sunset beach', 'Dragon kite']],
  [{ q: 'red', fuzzy: false }, ['Red dragon', 'Castle ruin']],
  [{ q: 'wizard', fuzzy: false }, ['Wizard tower', 'Old book']],
  [{ q: 'red dragon', fuzzy: true }, ['Red dragon']],
  [{ q: 'dragon beach', fuzzy: false }, ['Dragon kite']],
  [{ q: 'dragon beach', fuzzy: true }, ['Dragon kite']],
  [{ q: 'ocean giant', fuzzy: false }, ['Blue whale']],
  [{ q: 'castke', fuzzy: true }, ['Castle ruin']],
  [{ q: 'castke', fuzzy: false }, []],
];

/** The same hits; their order is each engine's own (BM25 against Meilisearch's ranking rules). */
const SAME_HITS: Query[] = [
  ...['dragon', 'ocean', 'fantasy', 'tall trees', 'kite', 'water mountain', 'nature', 'a'].flatMap((q) => [
    { q, fuzzy: false },
    { q, fuzzy: true },
  ]),
  { q: 'ocean', fuzzy: false, fields: 'tags' },
  { q: 'dragon', fuzzy: true, fields: 'name' },
  { q: 'mountan', fuzzy: true },
  { q: 'drago', fuzzy: true },
];

/** Where the engines differ, as the README lists: each case is [query, embedded's hits, Meilisearch's hits]. */
const DIFFERENCES: Array<[string, Query, string[], string[]]> = [
  ['only the last word of a query is a prefix on Meilisearch', { q: 'drag beach', fuzzy: true }, ['Dragon kite'], []],
  ['a typo on the first letter counts as two on Meilisearch', { q: 'power', fuzzy: true }, ['Wizard tower'], []],
  ['two swapped letters are one typo on Meilisearch, two on the embedded engine', { q: 'wziard', fuzzy: true }, [], ['Wizard tower', 'Old book']],
  ['Meilisearch ignores accents', { q: 'cafe', fuzzy: false }, [], ['Café terrace']],
];

/** Filters (without case) and facet counts over every hit: the same on both engines, most frequent first, ties by value. */
const SAME_FACETS: Array<[Query, string[], Array<{ value: string; count: number }>]> = [
  [{ q: 'ocean', fuzzy: false, facets: 'tags' }, ['Blue whale', 'Sunset beach'], [{ value: 'ocean', count: 2 }, { value: 'animal', count: 1 }]],
  [{ q: 'dragon', fuzzy: false, facets: 'tags' }, ['Dragon kite', 'Red dragon'], [{ value: 'fantasy', count: 1 }, { value: 'toy', count: 1 }]],
  [{ q: 'wizard', fuzzy: false, tag: 'FANTASY', facets: 'tags' }, ['Wizard tower'], [{ value: 'fantasy', count: 1 }]],
  [{ q: 'a', fuzzy: false, tag: 'nature', facets: 'tags' }, ['Forest path', 'Mountain lake'], [{ value: 'nature', count: 2 }]],
  [{ q: 'unicorn', fuzzy: false, facets: 'tags' }, [], []],
];

const ALL_QUERIES = [...SAME_ORDER.map(([query]) => query), ...SAME_HITS, ...DIFFERENCES.map(([, query]) => query), ...SAME_FACETS.map(([query]) => query)];
const key = (query: Query) => JSON.stringify(query);

/**
 * Loads the documents into a fresh app on one engine and answers every query, then stops it: one
 * app at a time, as two apps in one process share the model classes (and their scheduled drains).
 */
async function answers(engine: 'embedded' | 'meilisearch', env: Record<string, string>, facets: Map<string, unknown>): Promise<Map<string, string[]>> {
  const t = await createTestApp({
    plugins: ['search'],
    extraPlugins: [testDocsPlugin({ baseEngine: engine, flaky: {} })],
    config: { search: { engine, drainIntervalMs: 0 }, 'search-meilisearch': { indexPrefix: `af_parity_${randomBytes(4).toString('hex')}_` } },
    env,
  });
  try {
    const names = new Map<string, string>();
    for (const doc of DOCS) {
      const { body } = await t.request.post('/api/test-docs').set('Authorization', ADMIN_AUTH).send({ project_id: 'parity', ...doc }).expect(201);
      names.set(body.id, doc.name);
    }
    await t.container.get(SEARCH.outboxWorker).drain();
    const results = new Map<string, string[]>();
    for (const query of ALL_QUERIES) {
      const { body } = await t.request.get('/api/test-docs/projects/parity/search').query(query).set('Authorization', ADMIN_AUTH).expect(200);
      expect(body.total, `${engine} ${key(query)}`).to.equal(body.hits.length);
      const scores: number[] = body.hits.map((h: { relevanceScore: number }) => h.relevanceScore);
      scores.forEach((score) => expect(score).to.be.within(0, 1));
      expect([...scores].sort((a, b) => b - a), `${engine} ${key(query)}: best first`).to.deep.equal(scores);
      results.set(key(query), body.hits.map((h: { id: string }) => names.get(h.id) ?? `unknown ${h.id}`));
      if (query.facets) facets.set(key(query), body.facets[query.facets]);
    }
    return results;
  } finally {
    await t.stop();
  }
}

for (const target of searchTargets({ embedded: false })) {
  describe(`engine parity: embedded and ${target.title}`, function () {
    this.timeout(120_000);
    const hits: Record<'embedded' | 'meilisearch', Map<string, string[]>> = { embedded: new Map(), meilisearch: new Map() };
    const facets: Record<'embedded' | 'meilisearch', Map<string, unknown>> = { embedded: new Map(), meilisearch: new Map() };

    before(async function () {
      const started = await startTarget(target, this);
      try {
        hits.embedded = await answers('embedded', {}, facets.embedded);
        hits.meilisearch = await answers('meilisearch', started.env, facets.meilisearch);
      } finally {
        await started.stop();
      }
    });

    for (const [query, expected] of SAME_ORDER) {
      it(`answers ${key(query)} with the same hits in the same order`, () => {
        expect(hits.embedded.get(key(query))).to.deep.equal(expected);
        expect(hits.meilisearch.get(key(query))).to.deep.equal(expected);
      });
    }

    for (const query of SAME_HITS) {
      it(`answers ${key(query)} with the same hits`, () => {
        const embedded = hits.embedded.get(key(query))!;
        expect(embedded, 'a case that finds nothing proves nothing').to.not.be.empty;
        expect(hits.meilisearch.get(key(query))).to.have.members(embedded);
      });
    }

    for (const [query, expectedHits, expectedFacets] of SAME_FACETS) {
      it(`answers ${key(query)} with the same hits and facet counts`, () => {
        for (const engine of ['embedded', 'meilisearch'] as const) {
          expect(hits[engine].get(key(query)), engine).to.have.members(expectedHits);
          expect(facets[engine].get(key(query)), engine).to.deep.equal(expectedFacets);
        }
      });
    }

    for (const [difference, query, embedded, meilisearch] of DIFFERENCES) {
      it(`documented difference: ${difference} (${key(query)})`, () => {
        expect(hits.embedded.get(key(query))).to.have.members(embedded);
        expect(hits.meilisearch.get(key(query))).to.have.members(meilisearch);
      });
    }
  });
}
