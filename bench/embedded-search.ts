/**
 * CPU cost of the embedded search engine's fuzzy queries at scale, without HTTP or a database:
 * builds an EmbeddedIndex over N synthetic image-asset documents shaped like bench/seed.ts
 * (20 projects, the first holding a third of them) and times the scenario's typo queries
 * with process.cpuUsage(), so a busy machine does not skew the figures.
 *
 *   node --expose-gc --import tsx bench/embedded-search.ts [documents] [rounds] [--dump file.json]
 */
import { writeFileSync } from 'node:fs';
import { EmbeddedIndex } from '../plugins/search-embedded/embedded-index.ts';
import type { SearchDocument } from '../plugins/search/tokens.ts';

const args = process.argv.slice(2);
const dumpAt = args.indexOf('--dump');
const dumpFile = dumpAt >= 0 ? args.splice(dumpAt, 2)[1] : undefined;
const documents = Number(args[0] ?? 100_000);
const rounds = Number(args[1] ?? 20);

const THEMES = ['dragon', 'castle', 'forest', 'warrior', 'wizard', 'portrait', 'landscape', 'spaceship', 'ocean', 'city', 'robot', 'knight'];
const ADJECTIVES = ['red', 'ancient', 'misty', 'golden', 'dark', 'bright', 'frozen', 'burning', 'silent', 'hidden', 'broken', 'noble'];
const TAIL = Array.from({ length: 5000 }, (_, i) => `w${(i * 7919).toString(36)}`);
const QUERIES = ['dragn', 'castel', 'forrest', 'wizzard', 'portriat', 'landscpe', 'spacship', 'ocaen', 'robott', 'knigt', 'warior', 'goldn', 'ancent', 'misty drgon'];

let state = 42;
const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
const sentence = (words: number) => Array.from({ length: words }, () => (random() < 0.3 ? pick(THEMES) : random() < 0.5 ? pick(ADJECTIVES) : pick(TAIL))).join(' ');

const gc = (globalThis as { gc?: () => void }).gc;
const rssMb = () => {
  gc?.();
  gc?.();
  return Math.round(process.memoryUsage().rss / 1024 / 1024);
};
const heapMb = () => Math.round(process.memoryUsage().heapUsed / 1024 / 1024);

const projects = Array.from({ length: 20 }, (_, i) => `project-${String(i).padStart(2, '0')}`);
const tagNames = Array.from({ length: 1000 }, (_, i) => (i < THEMES.length * 4 ? `${THEMES[i % THEMES.length]}-${Math.floor(i / THEMES.length)}` : `tag-${i}`));
const now = Date.now();
const docs: SearchDocument[] = Array.from({ length: documents }, (_, i) => ({
  id: `asset-${String(i).padStart(7, '0')}`,
  project_id: i % 3 === 0 ? projects[0] : projects[1 + (i % (projects.length - 1))],
  name: `${pick(ADJECTIVES)} ${pick(THEMES)} ${pick(TAIL)}`,
  description: sentence(12),
  tags: [...new Set([tagNames[i % 48], tagNames[48 + ((i * 13) % 952)], tagNames[48 + ((i * 31 + 7) % 952)]])],
  created_at: now - (i % 365) * 86_400_000,
}));

const rssBefore = rssMb();
const heapBefore = heapMb();
const index = new EmbeddedIndex({ name: 'image-assets', searchableAttributes: ['name', 'description', 'tags'], filterableAttributes: ['project_id', 'tags', 'created_at'], sortableAttributes: [], partitionAttribute: 'project_id' });
const buildStarted = process.cpuUsage();
for (let i = 0; i < docs.length; i += 1000) index.upsert(docs.slice(i, i + 1000));
const build = process.cpuUsage(buildStarted);
const rssAfter = rssMb();
console.log(`built ${index.size} documents in ${Math.round((build.user + build.system) / 1000)} ms CPU; RSS ${rssBefore} -> ${rssAfter} MB (+${rssAfter - rssBefore}); heap +${heapMb() - heapBefore} MB`);

const search = (q: string) => index.search({ q, fuzzy: true, filters: { project_id: projects[0] }, limit: 20, offset: 0 });
for (const q of QUERIES) search(q); // warm-up

const dump: Record<string, unknown> = {};
const perQuery: Array<{ q: string; ms: number; total: number }> = [];
for (const q of QUERIES) {
  const started = process.cpuUsage();
  let page = search(q);
  for (let r = 1; r < rounds; r++) page = search(q);
  const used = process.cpuUsage(started);
  perQuery.push({ q, ms: (used.user + used.system) / 1000 / rounds, total: page.total });
  dump[q] = page;
}
for (const { q, ms, total } of perQuery) console.log(`${q.padEnd(12)} ${ms.toFixed(2).padStart(8)} ms CPU  total ${total}`);
const ms = perQuery.map((p) => p.ms);
console.log(`mean ${(ms.reduce((a, b) => a + b, 0) / ms.length).toFixed(2)} ms, max ${Math.max(...ms).toFixed(2)} ms per query (${rounds} rounds each)`);
console.log(`RSS after searches: ${rssMb()} MB`);
if (dumpFile) writeFileSync(dumpFile, JSON.stringify(dump, null, 1));
