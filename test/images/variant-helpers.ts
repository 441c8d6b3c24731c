import { QueryTypes } from 'sequelize';
import sharp from 'sharp';
import { CORE } from '../../src/index.ts';
import { STORAGE } from '../../plugins/storage/tokens.ts';
import type { TestApp } from '../helpers/create-test-app.ts';

/** The stored variant objects of an original (by its SHA-256), as the storage backend lists them. */
export async function variantObjects(t: TestApp, sha256: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const object of t.container.get(STORAGE.providers).active().list(`variants/${sha256.slice(0, 2)}/${sha256}/`)) keys.push(object.key);
  return keys.sort();
}

export async function variantBytes(t: TestApp): Promise<number> {
  const [row] = await t.container
    .get(CORE.database)
    .query<{ total: number | string | null }>('SELECT SUM(size) AS total FROM file_variants', { type: QueryTypes.SELECT });
  return Number(row?.total ?? 0);
}

/** Incompressible pixels, so each resized PNG of it has a predictable size (about 3 bytes a pixel). */
export function noiseImage(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#345', noise: { type: 'gaussian', mean: 128, sigma: 60 } } })
    .png()
    .toBuffer();
}
