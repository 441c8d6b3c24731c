import { QueryTypes } from 'sequelize';
import { CORE } from '../../src/index.ts';
import { STORAGE } from '../../plugins/storage/tokens.ts';
import { ADMIN_AUTH, type TestApp } from '../helpers/create-test-app.ts';
import { createAsset, createGeneration } from '../image-assets/helpers.ts';

export const UPLOAD_LIMIT = 300_000;

export const drivers: Array<{ name: string; plugin: string; s3: boolean }> = [
  { name: 'local', plugin: 'storage-local', s3: false },
  { name: 's3', plugin: 'storage-s3', s3: true },
];

export interface FileRow {
  id: string;
  ref_count: number;
  size: number;
  storage_key: string;
  unreferenced_at: unknown;
}

export async function fileRows(t: TestApp): Promise<FileRow[]> {
  const rows = await t.container
    .get(CORE.database)
    .query<FileRow>('SELECT id, ref_count, size, storage_key, unreferenced_at FROM files ORDER BY storage_key', { type: QueryTypes.SELECT });
  return rows.map((row) => ({ ...row, ref_count: Number(row.ref_count), size: Number(row.size) }));
}

export async function objectKeys(t: TestApp): Promise<string[]> {
  const keys: string[] = [];
  for await (const object of t.container.get(STORAGE.providers).active().list('')) keys.push(object.key);
  return keys.sort();
}

/** Every row and object in storage: what a refused request must leave exactly as it was. */
export async function storageSnapshot(t: TestApp): Promise<{ rows: FileRow[]; objects: string[] }> {
  return { rows: await fileRows(t), objects: await objectKeys(t) };
}

export async function newGeneration(t: TestApp, projectId = 'uploads'): Promise<{ asset: Record<string, any>; generation: Record<string, any> }> {
  const asset = await createAsset(t, projectId);
  return { asset, generation: await createGeneration(t, asset.id) };
}

export function upload(t: TestApp, generationId: string, bytes: Buffer, filename = 'image.bin', auth = ADMIN_AUTH) {
  return t.request.post(`/api/v1/generations/${generationId}/upload`).set('Authorization', auth).attach('file', bytes, filename);
}

export async function getGeneration(t: TestApp, id: string): Promise<Record<string, any>> {
  return (await t.request.get(`/api/v1/generations/${id}`).set('Authorization', ADMIN_AUTH).expect(200)).body;
}

export async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`never happened: ${what}`);
}
