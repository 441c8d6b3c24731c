import { expect } from 'chai';
import MiniSearch from 'minisearch';
import { EmbeddedIndex } from '../../plugins/search-embedded/embedded-index.ts';
import type { SearchDocument } from '../../plugins/search/tokens.ts';
import type { SearchQuery } from '../../src/index.ts';

/**
 * The embedded index ranks with its own lean loop over MiniSearch's inverted index; it must
 * answer exactly as MiniSearch's own search() with the same options would (same totals, same
 * scores best first), through replacements and deletions.
 */
describe('EmbeddedIndex ranks as MiniSearch search() does', () => {
  const THEMES = ['dragon', 'castle', 'forest', 'wizard', 'landscape', 'ocean'];
  const WORDS = ['red', 'misty', 'golden', 'ancient', 'dark', 'dragonfly', 'drag', 'oceans', 'wizards', 'landscaper'];
  let state = 7;
  const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  const text = (n: number) => Array.from({ length: n }, () => pick(random() < 0.4 ? THEMES : WORDS)).join(' ');
  const makeDoc = (i: number): SearchDocument => ({
    id: `d${i}`,
    project_id: `p${i % 4}`,
    name: text(3),
    description: random() < 0.1 ? null : text(1 + Math.floor(random() * 10)),
    tags: random() < 0.2 ? [] : [pick(THEMES), pick(WORDS)],
    created_at: 1000 + (i % 7),
  });
  const settings = { name: 'docs', searchableAttributes: ['name', 'description', 'tags'], filterableAttributes: ['project_id', 'tags', 'created_at'], sortableAttributes: [] };

  const index = new EmbeddedIndex(settings);
  const reference = new MiniSearch<SearchDocument>({
    fields: settings.searchableAttributes,
    extractField: (doc, field) => (field === 'id' ? doc.id : Array.isArray(doc[field]) ? (doc[field] as string[]).join(' ') : String(doc[field] ?? '')),
  });
  // The latest version of each document still indexed, for the reference's filters.
  const latest = new Map<string, SearchDocument>();

  before(() => {
    const docs = Array.from({ length: 1500 }, (_, i) => makeDoc(i));
    index.upsert(docs);
    for (const doc of docs) {
      reference.add(doc);
      latest.set(doc.id, doc);
    }
    // Replace some (a few twice), then delete others.
    for (let round = 0; round < 2; round++) {
      const changed = Array.from({ length: 200 }, (_, k) => ({ ...makeDoc(k * 7 + round), id: `d${k * 7}` }));
      index.upsert(changed);
      for (const doc of changed) {
        reference.replace(doc);
        latest.set(doc.id, doc);
      }
    }
    const gone = Array.from({ length: 150 }, (_, k) => `d${k * 5 + 3}`);
    index.delete(gone);
    for (const id of gone) {
      reference.discard(id);
      latest.delete(id);
    }
  });

  const typos = (term: string) => (term.length >= 9 ? 2 : term.length >= 5 ? 1 : 0);
  function expected(query: SearchQuery) {
    const filters = Object.entries(query.filters ?? {});
    const results = reference.search(query.q, {
      fields: query.fields,
      combineWith: 'AND',
      prefix: query.fuzzy,
      fuzzy: query.fuzzy ? typos : false,
      filter: (r) =>
        filters.every(([field, wanted]) => {
          const value = latest.get(String(r.id))?.[field];
          const accepted: unknown[] = Array.isArray(wanted) ? wanted : [wanted];
          return (Array.isArray(value) ? value : [value]).some((v) => accepted.includes(v));
        }),
    });
    const best = results[0]?.score ?? 1;
    return { total: results.length, scores: results.map((r) => r.score / best), ids: results.map((r) => String(r.id)) };
  }

  const queries: Array<Omit<SearchQuery, 'limit' | 'offset'>> = [
    { q: 'dragon', fuzzy: false },
    { q: 'dragn', fuzzy: true },
    { q: 'dragn', fuzzy: false },
    { q: 'drag', fuzzy: true },
    { q: 'landscpe', fuzzy: true },
    { q: 'wizzards', fuzzy: true, filters: { project_id: 'p1' } },
    { q: 'misty drgon', fuzzy: true, filters: { project_id: 'p0' } },
    { q: 'Ocean, red!', fuzzy: false, filters: { project_id: ['p2', 'p3'] } },
    { q: 'castle', fuzzy: true, fields: ['tags'] },
    { q: 'castle', fuzzy: true, filters: { tags: 'forest' } },
    { q: 'golden', fuzzy: true, filters: { created_at: 1003, project_id: 'p3' } },
    { q: 'dragon dragon', fuzzy: true },
    { q: 'zzzzzz', fuzzy: true },
  ];

  for (const base of queries) {
    it(`answers ${JSON.stringify(base)} like MiniSearch`, () => {
      const want = expected({ ...base, limit: 0, offset: 0 });
      const all = index.search({ ...base, limit: 10_000, offset: 0 });
      expect(all.total).to.equal(want.total);
      expect(all.hits.map((h) => h.id)).to.have.members(want.ids);
      all.hits.forEach((hit, i) => {
        expect(hit.relevanceScore).to.be.closeTo(want.scores[i], 1e-9);
        expect(hit.relevanceScore).to.be.within(0, 1);
      });
      // Pages (kept by a partial sort) are slices of the full order.
      for (const [offset, limit] of [[0, 20], [7, 5], [20, 20]]) {
        const page = index.search({ ...base, limit, offset });
        expect(page.total).to.equal(want.total);
        expect(page.hits).to.deep.equal(all.hits.slice(offset, offset + limit));
      }
    });
  }

  it('forgets deleted documents and finds replaced ones by their new text only', () => {
    const doc = { id: 'fresh', project_id: 'p9', name: 'quetzalcoatl', description: 'feathered serpent', tags: [] };
    index.upsert([doc]);
    expect(index.search({ q: 'quetzalcoatl', fuzzy: false, limit: 5, offset: 0 }).hits.map((h) => h.id)).to.deep.equal(['fresh']);
    index.upsert([{ ...doc, name: 'basilisk' }]);
    expect(index.search({ q: 'quetzalcoatl', fuzzy: true, limit: 5, offset: 0 }).total).to.equal(0);
    expect(index.search({ q: 'basilisk', fuzzy: false, filters: { project_id: 'p9' }, limit: 5, offset: 0 }).total).to.equal(1);
    index.delete(['fresh']);
    expect(index.search({ q: 'basilisk', fuzzy: false, limit: 5, offset: 0 }).total).to.equal(0);
  });
});
