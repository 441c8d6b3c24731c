import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import { QueryTypes } from 'sequelize';
import { CORE } from '../../src/index.ts';
import { FileVariant } from '../../plugins/storage/file-variant.model.ts';
import { variantKey } from '../../plugins/storage/storage-keys.ts';
import { STORAGE, type StoredFile } from '../../plugins/storage/tokens.ts';
import type { TestApp } from '../helpers/create-test-app.ts';

/** Short enough to let objects age past it in a test; the config takes hours. */
export const GRACE_SECONDS = 4;
export const GRACE_HOURS = GRACE_SECONDS / 3600;
/** Long ago: an unreferenced_at well past any grace period. */
export const LONG_AGO = new Date('2001-02-03T04:05:06.000Z');

let colour = 0;

/** A new stored PNG (never seen before, so a new files row with ref_count 0). */
export async function storeFile(t: TestApp): Promise<StoredFile> {
  colour += 1;
  const png = await sharp({ create: { width: 6, height: 6, channels: 3, background: { r: colour % 256, g: (colour >> 8) % 256, b: 77 } } })
    .png()
    .toBuffer();
  const { file } = await t.container.get(STORAGE.files).ingest(Readable.from([png]), { maxBytes: 1_000_000, allowedExts: ['png'] });
  return file;
}

export async function acquire(t: TestApp, file: StoredFile): Promise<void> {
  await t.container.get(CORE.database).transaction((transaction) => t.container.get(STORAGE.files).acquire(file.id, transaction));
}

/** Moves a file's moment of becoming unreferenced into the past (as if released long ago). */
export async function unreferencedSince(t: TestApp, file: StoredFile, when: Date): Promise<void> {
  await t.container.get(CORE.database).query('UPDATE files SET unreferenced_at = :when WHERE id = :id', { replacements: { when, id: file.id } });
}

/** A derived image of the file: its object and its file_variants row, as the image server makes them. */
export async function addVariant(t: TestApp, file: StoredFile, paramsKey: string): Promise<string> {
  const provider = t.container.get(STORAGE.providers).active();
  const bytes = await sharp({ create: { width: 3, height: 3, channels: 3, background: '#ffffff' } }).webp().toBuffer();
  const key = variantKey(file.sha256, paramsKey, 'webp');
  await provider.put(key, Readable.from([bytes]));
  await FileVariant.create({
    id: randomUUID(),
    fileId: file.id,
    paramsKey,
    driver: provider.driver,
    storageKey: key,
    contentType: 'image/webp',
    format: 'webp',
    width: 3,
    height: 3,
    size: bytes.length,
  });
  return key;
}

/** An object no row describes, as a crash between writing and recording would leave. */
export async function putOrphan(t: TestApp, key: string, size = 100): Promise<string> {
  await t.container.get(STORAGE.providers).active().put(key, Readable.from([Buffer.alloc(size, 7)]));
  return key;
}

export async function exists(t: TestApp, key: string): Promise<boolean> {
  return t.container.get(STORAGE.providers).active().exists(key);
}

export async function rowCount(t: TestApp, table: 'files' | 'file_variants', where: string, replacements: Record<string, unknown>): Promise<number> {
  const [row] = await t.container.get(CORE.database).query<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`, {
    type: QueryTypes.SELECT,
    replacements,
  });
  return Number(row?.n);
}

/** Waits until objects written before now are older than the grace period (S3 dates have one-second precision). */
export function outlastGrace(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, GRACE_SECONDS * 1000 + 1200));
}

export const fakeSha = () => randomUUID().replace(/-/g, '').repeat(2);
