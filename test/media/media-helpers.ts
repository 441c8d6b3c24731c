import { QueryTypes } from 'sequelize';
import { CORE } from '../../src/index.ts';
import { ADMIN_AUTH, createTestApp, type TestApp } from '../helpers/create-test-app.ts';

export const MEDIA_PLUGINS = ['media-assets', 'storage-local'];

export async function createMediaApp(): Promise<TestApp> {
  return createTestApp({ plugins: MEDIA_PLUGINS });
}

/** Requests as the admin token. */
export function adminApi(t: TestApp) {
  return {
    get: (url: string) => t.request.get(url).set('Authorization', ADMIN_AUTH),
    head: (url: string) => t.request.head(url).set('Authorization', ADMIN_AUTH),
    post: (url: string) => t.request.post(url).set('Authorization', ADMIN_AUTH),
    put: (url: string) => t.request.put(url).set('Authorization', ADMIN_AUTH),
    del: (url: string) => t.request.delete(url).set('Authorization', ADMIN_AUTH),
  };
}

export async function countRows(t: TestApp, sql: string): Promise<number> {
  const [row] = await t.container.get(CORE.database).query<{ n: number | string }>(sql, { type: QueryTypes.SELECT });
  return Number(row.n);
}

export const outboxCount = (t: TestApp, id: string) =>
  countRows(t, `SELECT COUNT(*) AS n FROM search_outbox WHERE index_name = 'media-assets' AND document_id = '${id}'`);

export async function createTag(t: TestApp, name: string): Promise<string> {
  const res = await adminApi(t).post('/api/tags').send({ name }).expect(201);
  return res.body.id as string;
}

export async function createRecord(t: TestApp, fileName: string, extra: Record<string, unknown> = {}): Promise<Record<string, unknown> & { id: string }> {
  const res = await adminApi(t)
    .post('/api/media-assets')
    .send({ file_name: fileName, file_type: 'pdf', content_type: 'application/pdf', ...extra })
    .expect(201);
  return res.body;
}

/** A minimal valid PNG of the given size. */
export const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

export function pdfOfSize(bytes: number): Buffer {
  const head = Buffer.from('%PDF-1.4\n%\xE2\xE3\xCF\xD3\n', 'latin1');
  const tail = Buffer.from('\n%%EOF\n');
  const body = Buffer.alloc(bytes - head.length - tail.length, 0x20);
  return Buffer.concat([head, body, tail]);
}

/** A supertest parser that keeps the body as raw bytes. */
export function binaryBody(res: unknown, callback: (err: Error | null, body: unknown) => void): void {
  const stream = res as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => callback(null, Buffer.concat(chunks)));
}
