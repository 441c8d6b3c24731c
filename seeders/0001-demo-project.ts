import { Readable } from 'node:stream';
import sharp from 'sharp';
import type { Container } from 'inversify';
import { QueryTypes, type Sequelize } from 'sequelize';
import { CORE, type Principal } from '../src/index.ts';
import type { Seeder } from '../src/core/db/seeders.ts';
import { TAGS } from '../plugins/tags/tokens.ts';
import { STORAGE } from '../plugins/storage/tokens.ts';
import { IMAGE_ASSETS } from '../plugins/image-assets/tokens.ts';
import { publicImagePath } from '../plugins/image-assets/generation-upload.service.ts';
import { MEDIA_ASSETS } from '../plugins/media-assets/tokens.ts';

const seeder: Principal = { kind: 'admin', id: 'seeder', name: 'demo-seeder', projectIds: null, canWrite: true, mediaLibrary: true, isAdmin: true };
const PROJECT = 'demo';

const TAG_COLOURS: Array<[string, string, string]> = [
  ['character', '#E4572E', 'People and creatures'],
  ['environment', '#17BEBB', 'Places and backdrops'],
  ['item', '#FFC914', 'Props and equipment'],
  ['concept', '#76B041', 'Early explorations'],
];

const ASSETS = [
  { name: 'Main Character Portrait', description: 'Epic fantasy warrior character design', tags: ['character', 'concept'], hue: [200, 80, 60] },
  { name: 'Dragon Lair', description: 'A cavern lit by molten gold, home of the red dragon', tags: ['environment'], hue: [120, 30, 20] },
  { name: 'Enchanted Sword', description: 'A runed blade glowing faint blue', tags: ['item'], hue: [40, 90, 200] },
];

/** A small generated picture: a gradient in the asset's colour, so each demo image differs. */
async function demoImage([r, g, b]: number[], seed: number): Promise<Buffer> {
  const size = 256;
  const pixels = Buffer.alloc(size * size * 3);
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const i = (y * size + x) * 3;
      pixels[i] = (r + x + seed * 40) % 256;
      pixels[i + 1] = (g + y) % 256;
      pixels[i + 2] = (b + ((x + y) >> 1)) % 256;
    }
  }
  return sharp(pixels, { raw: { width: size, height: size, channels: 3 } }).png().toBuffer();
}

async function seedTags(container: Container, print: (line: string) => void): Promise<void> {
  const tags = container.get(TAGS.service);
  const existing = await tags.ensureNames(TAG_COLOURS.map(([name]) => name));
  for (const [index, [, color, description]] of TAG_COLOURS.entries()) {
    await tags.update(existing[index].id, { color, description });
  }
  print(`  ${TAG_COLOURS.length} coloured tags`);
}

async function seedImageAssets(container: Container, print: (line: string) => void): Promise<void> {
  const assets = container.get(IMAGE_ASSETS.service);
  const generations = container.get(IMAGE_ASSETS.generations);
  const files = container.get(STORAGE.files);
  const sequelize: Sequelize = container.get(CORE.database);
  let count = 0;
  let skipped = 0;
  for (const spec of ASSETS) {
    if (await exists(sequelize, 'SELECT id FROM image_assets WHERE project_id = :project AND name = :name', { project: PROJECT, name: spec.name })) {
      skipped += 1;
      continue;
    }
    const asset = await assets.create(seeder, PROJECT, { name: spec.name, description: spec.description, tags: spec.tags, metadata: { seeded: true } });
    // One generation in every status; the completed ones get an image.
    const plan: Array<'completed' | 'failed' | 'cancelled' | 'generating' | 'pending'> = ['completed', 'completed', 'failed', 'cancelled', 'generating', 'pending'];
    let favourite: string | undefined;
    for (const [seed, status] of plan.entries()) {
      const generation = await generations.create(seeder, asset.id, {
        parameters: { model: seed % 2 ? 'DreamShaper_v7' : 'Realistic_Vision_V5.1', positive_prompt: spec.description, steps: 30, cfg_scale: 7.5, seed: 1000 + seed, width: 256, height: 256 },
        status: 'pending',
      } as never);
      if (status !== 'pending') {
        const path: string[] = status === 'cancelled' ? ['cancelled'] : status === 'generating' ? ['generating'] : ['generating', status];
        for (const step of path) await generations.update(seeder, generation.id, { status: step } as never);
      }
      if (status === 'completed') {
        const { file } = await files.ingest(Readable.from(await demoImage(spec.hue, seed)), { maxBytes: 10_000_000, allowedExts: ['png'] });
        await sequelize.transaction(async (transaction) => {
          await files.acquire(file.id, transaction);
          await generations.attachFile(
            generation.id,
            { fileId: file.id, imagePath: publicImagePath(file), imageUrl: `/api/v1/files/images/${file.id}`, fileSize: file.size, width: file.width, height: file.height, format: file.format },
            transaction,
          );
        });
        favourite ??= generation.id;
      }
      count += 1;
    }
    if (favourite) await generations.setFavorite(seeder, favourite, true);
  }
  print(`  ${ASSETS.length - skipped} image assets in project "${PROJECT}" with ${count} generations in every status${skipped ? ` (${skipped} already there, kept as they are)` : ''}`);
}

async function seedMedia(container: Container, print: (line: string) => void): Promise<void> {
  const media = container.get(MEDIA_ASSETS.service);
  const files = container.get(STORAGE.files);
  const tagIds = (await container.get(TAGS.service).ensureNames(['concept', 'item'])).map((t) => t.id);
  const samples: Array<[string, Buffer, string[]]> = [
    ['moodboard.png', await demoImage([10, 140, 220], 7), ['png']],
    ['prices.csv', Buffer.from('item,price\nsword,120\nshield,80\n'), ['csv']],
  ];
  const sequelize: Sequelize = container.get(CORE.database);
  let made = 0;
  for (const [name, bytes, allowedExts] of samples) {
    if (await exists(sequelize, "SELECT id FROM media_assets WHERE file_name = :name AND uploaded_by = 'demo-seeder'", { name })) continue;
    made += 1;
    const ingested = await files.ingest(Readable.from(bytes), { maxBytes: 10_000_000, allowedExts, originalName: name });
    await media.createFromUploads(
      [{ ...ingested, originalName: name, clientContentType: 'application/octet-stream' }],
      () => ({ tag_ids: tagIds }),
      seeder,
    );
  }
  print(`  ${made} media assets${made < samples.length ? ` (${samples.length - made} already there, kept as they are)` : ''}`);
}

/** Seeding twice must not duplicate the demo: what is there already is left alone. */
async function exists(sequelize: Sequelize, sql: string, replacements: Record<string, string>): Promise<boolean> {
  const rows = await sequelize.query(sql, { replacements, type: QueryTypes.SELECT });
  return rows.length > 0;
}

export default {
  name: 'demo project',
  async run(container, print) {
    await seedTags(container, print);
    await seedImageAssets(container, print);
    await seedMedia(container, print);
  },
} satisfies Seeder;
