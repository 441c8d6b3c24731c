import { QueryTypes } from 'sequelize';
import sharp from 'sharp';
import { CORE } from '../../src/index.ts';
import { ADMIN_AUTH, createTestApp, type TestApp } from '../helpers/create-test-app.ts';
import { createAsset, createGeneration } from '../image-assets/helpers.ts';
import { startS3Server, type S3Server } from '../storage/storage-backends.ts';

export { ADMIN_AUTH };

export const drivers: Array<{ name: string; plugin: string; s3: boolean }> = [
  { name: 'local', plugin: 'storage-local', s3: false },
  { name: 's3', plugin: 'storage-s3', s3: true },
];

/** Boots the images plugin (with storage and image-assets) on one storage backend. */
export async function bootImages(driver: { plugin: string; s3: boolean }, env: Record<string, string> = {}): Promise<{ t: TestApp; stop(): Promise<void> }> {
  const s3: S3Server | undefined = driver.s3 ? await startS3Server() : undefined;
  const t = await createTestApp({ plugins: ['images', driver.plugin], env: { ...(s3?.env ?? {}), ...env } });
  return {
    t,
    async stop() {
      await t.stop();
      await s3?.stop();
    },
  };
}

/** A picture with detail (a gradient and a disc), so encoders and resizing have real work to do. */
export async function testImage(width: number, height: number, format: 'png' | 'jpg' | 'webp' = 'png'): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#1d4ed8"/><stop offset="1" stop-color="#f59e0b"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/><circle cx="${width / 2}" cy="${height / 2}" r="${Math.min(width, height) / 3}" fill="#10b981"/></svg>`;
  const image = sharp(Buffer.from(svg));
  if (format === 'jpg') return image.jpeg({ quality: 90 }).toBuffer();
  if (format === 'webp') return image.webp({ quality: 90 }).toBuffer();
  return image.png().toBuffer();
}

/** An asset with one generation whose image is uploaded through the API; answers the file id and views. */
export async function assetWithImage(t: TestApp, projectId: string, bytes: Buffer): Promise<{ asset: Record<string, any>; generation: Record<string, any>; fileId: string }> {
  const asset = await createAsset(t, projectId);
  const generation = await createGeneration(t, asset.id);
  const uploaded = await uploadTo(t, generation.id, bytes);
  return { asset, generation: uploaded, fileId: fileIdOf(uploaded.image_url) };
}

/** Uploads an image to a generation and answers the generation as the API then shows it. */
export async function uploadTo(t: TestApp, generationId: string, bytes: Buffer): Promise<Record<string, any>> {
  const res = await t.request.post(`/api/v1/generations/${generationId}/upload`).set('Authorization', ADMIN_AUTH).attach('file', bytes, 'image.png');
  if (res.status !== 200 && res.status !== 201) throw new Error(`upload failed: ${res.status} ${res.text}`);
  return (await t.request.get(`/api/v1/generations/${generationId}`).set('Authorization', ADMIN_AUTH).expect(200)).body;
}

export function fileIdOf(imageUrl: string): string {
  const match = /\/api\/v1\/files\/images\/([0-9a-f-]{36})/.exec(imageUrl);
  if (!match) throw new Error(`not an image URL: ${imageUrl}`);
  return match[1];
}

export async function variantRows(t: TestApp, fileId: string): Promise<Array<{ params_key: string; storage_key: string }>> {
  return t.container
    .get(CORE.database)
    .query<{ params_key: string; storage_key: string }>('SELECT params_key, storage_key FROM file_variants WHERE file_id = :fileId ORDER BY params_key', {
      replacements: { fileId },
      type: QueryTypes.SELECT,
    });
}

/** Collects a binary response body as a Buffer (supertest leaves image/* bodies unparsed otherwise). */
export function binary(res: any, callback: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
  res.on('error', (err: Error) => callback(err, Buffer.alloc(0)));
}

export async function dimensionsOf(bytes: Buffer): Promise<{ width: number; height: number; format: string }> {
  const meta = await sharp(bytes).metadata();
  return { width: meta.width ?? 0, height: meta.height ?? 0, format: meta.format ?? '' };
}

/**
 * Checks a signed image's Cache-Control: cached no longer than its URL stays valid (the `expires`
 * it carries), and by whom as configured.
 */
export function expectSignedCaching(cacheControl: string | undefined, url: string, scope: 'private' | 'public'): void {
  const match = /^(private|public), max-age=(\d+), immutable$/.exec(cacheControl ?? '');
  if (!match) throw new Error(`unexpected Cache-Control: ${cacheControl}`);
  const expires = Number(new URL(url, 'http://x').searchParams.get('expires'));
  const left = expires - Math.floor(Date.now() / 1000);
  if (match[1] !== scope) throw new Error(`expected ${scope}, got ${cacheControl}`);
  const maxAge = Number(match[2]);
  if (!(maxAge > 0 && maxAge <= left + 1)) throw new Error(`max-age ${maxAge} outlives the URL's ${left} s left`);
}
