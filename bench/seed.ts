import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import type { QueryInterface, Sequelize } from 'sequelize';
import { createApp } from '../src/app.ts';
import { CORE } from '../src/index.ts';
import { STORAGE } from '../plugins/storage/tokens.ts';
import { SEARCH } from '../plugins/search/tokens.ts';
import { IMAGE_ASSETS } from '../plugins/image-assets/tokens.ts';
import type { DatasetSize } from './options.ts';
import { sampleImage } from './sample-images.ts';

const BATCH = 2000;
const DAY = 86_400_000;

export interface SeededData {
  projects: string[];
  /** Project with the figures the scenarios use. */
  project: string;
  /** Names of tags that assets of `project` carry (the list filter rotates through them). */
  commonTagNames: string[];
  /** Three tag ids whose intersection holds about one media asset in a hundred. */
  mediaTagIds: string[];
  /** Some asset ids of `project`, to rotate through. */
  sampleAssetIds: string[];
  /** ids of the real image files (rows of `files`). */
  imageFileIds: string[];
  seedSeconds: number;
  phases: Record<string, number>;
}

export const THEMES = ['dragon', 'castle', 'forest', 'warrior', 'wizard', 'portrait', 'landscape', 'spaceship', 'ocean', 'city', 'robot', 'knight'];
const ADJECTIVES = ['red', 'ancient', 'misty', 'golden', 'dark', 'bright', 'frozen', 'burning', 'silent', 'hidden', 'broken', 'noble'];
const TAIL = Array.from({ length: 5000 }, (_, i) => `w${(i * 7919).toString(36)}`);
const MODELS = ['Realistic_Vision_V5.1', 'DreamShaper_v7', 'SDXL_1.0', 'Juggernaut_XL', null];
const STATUSES = ['completed', 'completed', 'completed', 'completed', 'failed', 'pending', 'generating', 'cancelled'];

function prng(seed: number) {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

/**
 * Fills a freshly migrated database straight through the tables (the API would take an hour):
 * multi-row INSERTs in batches inside transactions. Image files go through the storage
 * FileService so their rows and objects are real.
 */
export async function seedDataset(env: Record<string, string>, size: DatasetSize, log: (line: string) => void): Promise<SeededData> {
  const random = prng(42);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  const sentence = (words: number) => Array.from({ length: words }, () => (random() < 0.3 ? pick(THEMES) : random() < 0.5 ? pick(ADJECTIVES) : pick(TAIL))).join(' ');
  const phases: Record<string, number> = {};
  const started = performance.now();
  let mark = started;
  const phase = (name: string) => {
    const now = performance.now();
    phases[name] = Math.round(now - mark);
    log(`  ${name}: ${(phases[name] / 1000).toFixed(1)} s`);
    mark = now;
  };

  // Booting the kernel once runs every migration.
  const { kernel } = await createApp({ env, mode: 'cli' });
  try {
    const sequelize = kernel.container.get(CORE.database) as Sequelize;
    const qi = sequelize.getQueryInterface();
    phase('migrations');

    const files = kernel.container.get(STORAGE.files);
    const imageFiles: Array<{ id: string; size: number }> = [];
    for (let i = 0; i < size.imageFiles; i++) {
      const bytes = await sampleImage(i);
      const { file } = await files.ingest(Readable.from([bytes]), { maxBytes: 50 * 1024 * 1024, allowedExts: ['png'] });
      imageFiles.push({ id: file.id, size: file.size });
    }
    phase(`image files (${size.imageFiles} x 1024x1024 PNG through FileService)`);

    const now = Date.now();
    const tags = Array.from({ length: size.tags }, (_, i) => {
      const name = i < THEMES.length * 4 ? `${THEMES[i % THEMES.length]}-${Math.floor(i / THEMES.length)}` : `tag-${i}`;
      return { id: randomUUID(), name, name_key: name.toLowerCase(), description: null, color: null, created_at: new Date(now), updated_at: new Date(now) };
    });
    await insert(sequelize, qi, 'tags', tags);
    phase(`tags (${size.tags})`);

    const projects = Array.from({ length: size.projects }, (_, i) => `project-${String(i).padStart(2, '0')}`);
    const genCounts: number[] = new Array(size.imageAssets).fill(0);
    for (let g = 0; g < size.generations; g++) genCounts[g % size.imageAssets] += 1;
    const assetIds: string[] = [];
    const assetProject: string[] = [];
    await inBatches(size.imageAssets, async (from, to) => {
      const rows = [];
      const links = [];
      for (let i = from; i < to; i++) {
        const id = randomUUID();
        assetIds.push(id);
        // One big project (a third of everything), the rest spread over the others.
        const project = i % 3 === 0 ? projects[0] : projects[1 + (i % (projects.length - 1))];
        assetProject.push(project);
        const created = new Date(now - (i % 365) * DAY - (i % 86_400) * 1000);
        rows.push({
          id,
          project_id: project,
          name: `${pick(ADJECTIVES)} ${pick(THEMES)} ${pick(TAIL)}`,
          description: sentence(12),
          thumbnail: null,
          favorite_generation_id: null,
          metadata: JSON.stringify({ source: 'bench', n: i }),
          file_size: 0,
          total_generations: genCounts[i],
          created_at: created,
          updated_at: created,
        });
        // Three tags each: one of 48 common theme tags, and two from the long tail.
        const own = new Set([tags[i % 48].id, tags[48 + ((i * 13) % (tags.length - 48))].id, tags[48 + ((i * 31 + 7) % (tags.length - 48))].id]);
        for (const tagId of own) links.push({ image_asset_id: id, tag_id: tagId, project_id: project });
      }
      await insert(sequelize, qi, 'image_assets', rows);
      await insert(sequelize, qi, 'image_asset_tags', links);
    });
    phase(`image assets (${size.imageAssets}) and their tags`);

    const sizePerAsset = new Map<number, number>();
    await inBatches(size.generations, async (from, to) => {
      const rows = [];
      for (let g = from; g < to; g++) {
        const a = g % size.imageAssets;
        const status = STATUSES[g % STATUSES.length];
        const model = MODELS[g % MODELS.length];
        const file = status === 'completed' ? imageFiles[g % imageFiles.length] : null;
        if (file) sizePerAsset.set(a, (sizePerAsset.get(a) ?? 0) + file.size);
        const created = new Date(now - (g % 60) * DAY - (g % 3600) * 1000);
        rows.push({
          id: randomUUID(),
          asset_id: assetIds[a],
          project_id: assetProject[a],
          parameters: JSON.stringify({ prompt: sentence(8), model, seed: g, steps: 30, cfg_scale: 7 }),
          model,
          status,
          is_favorite: false,
          image_path: null,
          image_url: null,
          file_id: file?.id ?? null,
          file_size: file?.size ?? null,
          width: file ? 1024 : null,
          height: file ? 1024 : null,
          format: file ? 'png' : null,
          metadata: '{}',
          created_at: created,
          updated_at: created,
        });
      }
      await insert(sequelize, qi, 'image_generations', rows);
    });
    phase(`generations (${size.generations})`);

    // Counters the plugins keep on write: per-asset file size and the files' reference counts.
    await sequelize.query(
      'UPDATE image_assets SET file_size = (SELECT COALESCE(SUM(g.file_size), 0) FROM image_generations g WHERE g.asset_id = image_assets.id)',
    );
    await sequelize.query('UPDATE files SET ref_count = (SELECT COUNT(*) FROM image_generations g WHERE g.file_id = files.id)');
    await kernel.container.get(IMAGE_ASSETS.counters).rebuild();
    phase('counters');

    const mediaTagIds = [tags[100].id, tags[105].id, tags[112].id];
    await inBatches(size.mediaAssets, async (from, to) => {
      const rows = [];
      const links = [];
      for (let i = from; i < to; i++) {
        const id = randomUUID();
        const uploaded = new Date(now - (i % 500) * DAY - (i % 86_400) * 1000);
        const isImage = i % 3 !== 0;
        rows.push({
          id,
          file_name: `${pick(THEMES)}-${pick(TAIL)}-${i}.${isImage ? 'png' : 'pdf'}`,
          file_type: isImage ? 'png' : 'pdf',
          content_type: isImage ? 'image/png' : 'application/pdf',
          file_size_bytes: 10_000 + ((i * 7919) % 5_000_000),
          file_id: null,
          storage_location: null,
          sha256: null,
          width: isImage ? 1024 : null,
          height: isImage ? 768 : null,
          format: isImage ? 'png' : null,
          uploaded_at: uploaded,
          uploaded_by: `user-${i % 25}`,
          created_at: uploaded,
          updated_at: uploaded,
        });
        // tags[100 + i%5], tags[105 + i%7], tags[112 + i%3]: the three filter tags meet at i % 105 == 0.
        const own = new Set([tags[100 + (i % 5)].id, tags[105 + (i % 7)].id, tags[112 + (i % 3)].id, tags[120 + ((i * 17) % (tags.length - 120))].id]);
        for (const tagId of own) links.push({ media_asset_id: id, tag_id: tagId, created_at: uploaded });
      }
      await insert(sequelize, qi, 'media_assets', rows);
      await insert(sequelize, qi, 'media_asset_tags', links);
    });
    phase(`media assets (${size.mediaAssets}) and their tags`);

    if (sequelize.getDialect() === 'sqlite') await sequelize.query('ANALYZE');
    else await sequelize.query('ANALYZE TABLE image_assets, image_asset_tags, image_generations, media_assets, media_asset_tags, tags, files');
    phase('analyze');

    // The embedded engine builds its index in the server at start; a shared engine is filled here.
    if (env.MEILISEARCH_URL) {
      const search = kernel.container.get(SEARCH.service);
      const engine = kernel.container.get(SEARCH.engines).pick('meilisearch').create();
      search.attach(engine);
      await search.applySettings();
      await search.rebuild();
      phase('search reindex (Meilisearch)');
    }

    const project = projects[0];
    return {
      projects,
      project,
      // Asset i is in the big project when i % 3 == 0 and carries tag i % 48: tags 0, 3, 6, ...
      commonTagNames: tags.slice(0, 48).filter((_, i) => i % 3 === 0).map((t) => t.name),
      mediaTagIds,
      sampleAssetIds: assetIds.filter((_, i) => assetProject[i] === project).slice(0, 2000),
      imageFileIds: imageFiles.map((f) => f.id),
      seedSeconds: (performance.now() - started) / 1000,
      phases,
    };
  } finally {
    await kernel.stop();
  }
}

async function inBatches(total: number, fn: (from: number, to: number) => Promise<void>): Promise<void> {
  for (let from = 0; from < total; from += BATCH * 5) await fn(from, Math.min(total, from + BATCH * 5));
}

/** Multi-row INSERTs of BATCH rows, all in one transaction. */
async function insert(sequelize: Sequelize, qi: QueryInterface, table: string, rows: object[]): Promise<void> {
  if (rows.length === 0) return;
  await sequelize.transaction(async (transaction) => {
    // Fresh tables filled with consistent rows: MySQL may skip the per-row FK and unique checks.
    if (sequelize.getDialect() === 'mysql') await sequelize.query('SET SESSION foreign_key_checks = 0, unique_checks = 0', { transaction });
    for (let i = 0; i < rows.length; i += BATCH) await qi.bulkInsert(table, rows.slice(i, i + BATCH), { transaction });
  });
}
