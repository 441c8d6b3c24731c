/**
 * Measures GET /api/v1/projects/{id}/stats over 300,000 generations.
 *
 *   npx tsx bench/stats-scale.ts                                   # SQLite
 *   TEST_DATABASE_URL=mysql://root@127.0.0.1:3306/test npx tsx bench/stats-scale.ts
 *
 * Bulk-inserts the rows straight into the tables (the API would take minutes), then times the
 * request through the HTTP stack and prints the figures.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { CORE } from '../src/index.ts';
import { IMAGE_ASSETS } from '../plugins/image-assets/tokens.ts';
import { ADMIN_AUTH, createTestApp } from '../test/helpers/create-test-app.ts';

const GENERATIONS = Number(process.env.BENCH_GENERATIONS ?? 300_000);
// One asset in eleven (and so one generation in eleven) belongs to another project, as noise.
const ASSETS = Math.round((GENERATIONS / 100) * 1.1);
const TOTAL_ROWS = Math.round(GENERATIONS * 1.1);
const PROJECT = 'bench';
const MODELS = ['Realistic_Vision_V5.1', 'DreamShaper_v7', 'SDXL_1.0', 'Juggernaut_XL', null];
const STATUSES = ['completed', 'completed', 'completed', 'failed', 'pending', 'generating', 'cancelled'];
const DAY = 86_400_000;
const CHUNK = 1000;

const t = await createTestApp({ plugins: ['image-assets', 'analytics'] });
try {
  const queryInterface = t.container.get(CORE.database).getQueryInterface();
  const insert = async (table: string, rows: object[]) => {
    for (let i = 0; i < rows.length; i += CHUNK) await queryInterface.bulkInsert(table, rows.slice(i, i + CHUNK));
  };
  const now = Date.now();
  const loadStarted = performance.now();

  const tagRows = Array.from({ length: 20 }, (_, i) => ({ id: randomUUID(), name: `tag-${i}`, name_key: `tag-${i}`, created_at: new Date(), updated_at: new Date() }));
  await insert('tags', tagRows);
  const assets = Array.from({ length: ASSETS }, (_, i) => ({
    id: randomUUID(),
    project_id: i % 11 === 0 ? 'other-project' : PROJECT,
    name: `Asset ${i}`,
    description: '',
    metadata: '{}',
    file_size: 0,
    total_generations: 0,
    created_at: new Date(now - (i % 90) * DAY),
    updated_at: new Date(now),
  }));
  await insert('image_assets', assets);
  await insert(
    'image_asset_tags',
    assets.flatMap((a, i) => [0, 7].map((k) => ({ image_asset_id: a.id, tag_id: tagRows[(i + k) % tagRows.length].id }))),
  );

  const perAsset = new Map<string, { count: number; size: number }>();
  for (let start = 0; start < TOTAL_ROWS; start += 10_000) {
    const rows = Array.from({ length: Math.min(10_000, TOTAL_ROWS - start) }, (_, j) => {
      const n = start + j;
      const asset = assets[n % assets.length];
      const status = STATUSES[n % STATUSES.length];
      const model = MODELS[n % MODELS.length];
      const size = status === 'completed' ? 100_000 + (n % 1000) : null;
      const counter = perAsset.get(asset.id) ?? { count: 0, size: 0 };
      counter.count += 1;
      counter.size += size ?? 0;
      perAsset.set(asset.id, counter);
      const createdAt = new Date(now - (n % 60) * DAY - (n % 3600) * 1000);
      return {
        id: randomUUID(),
        asset_id: asset.id,
        project_id: asset.project_id,
        parameters: JSON.stringify({ model, seed: n }),
        model,
        status,
        is_favorite: false,
        file_size: size,
        metadata: '{}',
        created_at: createdAt,
        updated_at: createdAt,
      };
    });
    await insert('image_generations', rows);
  }
  const sequelize = t.container.get(CORE.database);
  for (const [id, { count, size }] of perAsset) {
    await sequelize.query('UPDATE image_assets SET total_generations = ?, file_size = ? WHERE id = ?', { replacements: [count, size, id] });
  }
  // Rows written directly: the counts the plugin keeps on write are rebuilt from them.
  await t.container.get(IMAGE_ASSETS.counters).rebuild();
  if (sequelize.getDialect() === 'sqlite') await sequelize.query('ANALYZE');
  else await sequelize.query('ANALYZE TABLE image_generations, image_assets, image_asset_tags');
  console.log(`loaded ${TOTAL_ROWS} generations over ${ASSETS} assets in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s (${sequelize.getDialect()})`);

  const timings: number[] = [];
  let body: Record<string, unknown> = {};
  for (let i = 0; i < 7; i++) {
    const started = performance.now();
    const res = await t.request.get(`/api/v1/projects/${PROJECT}/stats`).set('Authorization', ADMIN_AUTH).expect(200);
    timings.push(performance.now() - started);
    body = res.body;
  }
  const sorted = [...timings].sort((a, b) => a - b);
  console.log(`project stats: total_generations=${body.total_generations} total_assets=${body.total_assets}`);
  console.log(`first request ${timings[0].toFixed(1)} ms; median of ${timings.length} ${sorted[Math.floor(sorted.length / 2)].toFixed(1)} ms; max ${sorted.at(-1)?.toFixed(1)} ms`);
} finally {
  await t.stop();
}
