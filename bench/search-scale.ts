/**
 * Measures the embedded search engine at scale: how long the start-up build takes and how
 * fast searches answer, over N documents (default 100,000) in a fresh database.
 *
 *   npx tsx bench/search-scale.ts [documents] [searches]
 *   TEST_DATABASE_URL=mysql://root@127.0.0.1:3306/test npx tsx bench/search-scale.ts
 *   MEILISEARCH_URL=http://127.0.0.1:7700 npx tsx bench/search-scale.ts   (Meilisearch instead)
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { SEARCH } from '../plugins/search/tokens.ts';
import { createTestApp } from '../test/helpers/create-test-app.ts';
import { TEST_INDEX, testDocsPlugin } from '../test/search/fixtures/test-docs-plugin.ts';
import { TestDoc } from '../test/search/fixtures/test-doc.model.ts';

const documents = Number(process.argv[2] ?? 100_000);
const searches = Number(process.argv[3] ?? 2_000);
const meilisearchUrl = process.env.MEILISEARCH_URL;

const themes = ['dragon', 'castle', 'forest', 'warrior', 'wizard', 'portrait', 'landscape', 'spaceship', 'ocean', 'city', 'robot', 'knight'];
const adjectives = ['red', 'ancient', 'misty', 'golden', 'dark', 'bright', 'frozen', 'burning', 'silent', 'hidden', 'broken', 'noble'];
// A long tail of rarer words, as real descriptions have.
const tail = Array.from({ length: 5000 }, (_, i) => `w${(i * 7919).toString(36)}`);
let seed = 42;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
const sentence = (words: number) => Array.from({ length: words }, () => (random() < 0.3 ? pick(themes) : random() < 0.5 ? pick(adjectives) : pick(tail))).join(' ');

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const t = await createTestApp({
  plugins: ['search'],
  extraPlugins: [testDocsPlugin({ baseEngine: meilisearchUrl ? 'meilisearch' : 'embedded', flaky: {} })],
  config: { search: { drainIntervalMs: 0 } },
  env: meilisearchUrl ? { MEILISEARCH_URL: meilisearchUrl } : {},
});
try {
  const service = t.container.get(SEARCH.service);
  const projects = Array.from({ length: 20 }, (_, i) => `project-${i}`);
  const now = new Date();
  const insertStarted = performance.now();
  for (let done = 0; done < documents; done += 5000) {
    const rows = Array.from({ length: Math.min(5000, documents - done) }, () => ({
      id: randomUUID(),
      projectId: pick(projects),
      name: `${pick(adjectives)} ${pick(themes)} ${pick(tail)}`,
      description: sentence(12),
      tags: [pick(themes), pick(adjectives)],
      createdAt: now,
      updatedAt: now,
    }));
    await TestDoc.bulkCreate(rows);
  }
  console.log(`inserted ${documents} documents in ${Math.round(performance.now() - insertStarted)} ms (${t.kernel.sequelize.getDialect()})`);

  // The same path the server takes at start for the embedded engine: read every row, fill a fresh index, swap.
  const buildStarted = performance.now();
  const [built] = await service.rebuild({ indexName: TEST_INDEX });
  const buildMs = performance.now() - buildStarted;
  console.log(`index build (${service.engine.name}): ${built.documents} documents in ${Math.round(buildMs)} ms`);
  console.log(`heap used after build: ${Math.round(process.memoryUsage().heapUsed / 1024 / 1024)} MB`);

  const queries = [
    ...themes.map((q) => ({ q, fuzzy: false })),
    ...themes.map((q) => ({ q: q.slice(0, -1), fuzzy: true })),
    ...adjectives.map((a) => ({ q: `${a} ${pick(themes)}`, fuzzy: false })),
    ...tail.slice(0, 50).map((q) => ({ q, fuzzy: true })),
  ];
  const timings: number[] = [];
  const byKind: Record<'exact' | 'fuzzy', number[]> = { exact: [], fuzzy: [] };
  let totalHits = 0;
  for (let i = 0; i < searches; i += 1) {
    const { q, fuzzy } = queries[i % queries.length];
    const started = performance.now();
    const result = await service.search(TEST_INDEX, { q, fuzzy, filters: { project_id: pick(projects) }, limit: 50, offset: 0 });
    timings.push(performance.now() - started);
    byKind[fuzzy ? 'fuzzy' : 'exact'].push(performance.now() - started);
    totalHits += result.total;
  }
  timings.sort((a, b) => a - b);
  console.log(
    `search x${searches} (one project of 20, limit 50, avg total ${Math.round(totalHits / searches)}): ` +
      `p50 ${percentile(timings, 50).toFixed(2)} ms, p99 ${percentile(timings, 99).toFixed(2)} ms, max ${timings[timings.length - 1].toFixed(2)} ms`,
  );
  for (const [kind, list] of Object.entries(byKind)) {
    list.sort((a, b) => a - b);
    console.log(`  ${kind}: p50 ${percentile(list, 50).toFixed(2)} ms, p99 ${percentile(list, 99).toFixed(2)} ms (${list.length} searches)`);
  }
} finally {
  await t.stop();
}
