/**
 * Image serving figures: cold transform time per request (distinct parameters each time) next to
 * a bare sharp call doing the same resize, and cached-variant requests per second over loopback
 * next to a plain static server sending the same bytes (the ceiling).
 *
 *   npx tsx bench/image-serving.ts [--rounds 8] [--seconds 5] [--connections 10]
 */
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { createReadStream } from 'node:fs';
import sharp from 'sharp';
import { createApp } from '../src/app.ts';
import { CORE } from '../src/index.ts';

interface CannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}
// autocannon ships no types; only the fields read here are declared.
const autocannon = createRequire(import.meta.url)('autocannon') as (options: Record<string, unknown>) => Promise<CannonResult>;

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(args[at + 1]);
};
const ROUNDS = option('rounds', 8);
const SECONDS = option('seconds', 5);
const CONNECTIONS = option('connections', 10);
const TOKEN = 'bench-admin-token-0123456789';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function testImage(size: number): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#1d4ed8"/><stop offset="1" stop-color="#f59e0b"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/><circle cx="${size / 2}" cy="${size / 2}" r="${size / 3}" fill="#10b981"/></svg>`;
  // Noise gives the encoders photo-like work rather than flat colour.
  const noise = await sharp({ create: { width: size, height: size, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 0, sigma: 20 } } }).png().toBuffer();
  return sharp(Buffer.from(svg)).composite([{ input: noise, blend: 'overlay' }]).png().toBuffer();
}

async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const started = process.hrtime.bigint();
  const result = await work();
  return [Number(process.hrtime.bigint() - started) / 1e6, result];
}

async function main(): Promise<void> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'af-bench-images-'));
  const { app, kernel } = await createApp({
    env: {
      DATA_DIR: dataDir,
      ADMIN_TOKEN: TOKEN,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
      RATE_LIMIT_PER_MINUTE: '0',
      PLUGIN_CONFIG: path.join(dataDir, 'none.json'),
    },
    builtinPlugins: ['images', 'storage-local'],
  });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const auth = { Authorization: `Bearer ${TOKEN}` };
  const json = async (url: string, init: RequestInit = {}) => {
    const res = await fetch(`${base}${url}`, { ...init, headers: { ...auth, 'content-type': 'application/json', ...(init.headers ?? {}) } });
    if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<Record<string, any>>;
  };

  try {
    const original = await testImage(1024);
    const asset = await json('/api/v1/projects/bench/assets', { method: 'POST', body: JSON.stringify({ name: 'bench' }) });
    const generation = await json(`/api/v1/assets/${asset.id}/generations`, { method: 'POST', body: JSON.stringify({ parameters: { seed: 1 } }) });
    const form = new FormData();
    form.append('file', new Blob([original], { type: 'image/png' }), 'bench.png');
    const uploaded = await fetch(`${base}/api/v1/generations/${generation.id}/upload`, { method: 'POST', headers: auth, body: form });
    if (!uploaded.ok) throw new Error(`upload: ${uploaded.status} ${await uploaded.text()}`);
    const shown = await json(`/api/v1/generations/${generation.id}`);
    const imagePath = String(shown.image_url).split('?')[0];

    console.log(`original: 1024x1024 PNG, ${original.length} bytes; ${os.cpus().length} CPUs; transform slots = ${kernel.config.images.transformConcurrency}`);
    console.log('');
    console.log('Cold transform, per request (median of', ROUNDS, 'distinct widths around 512 px)');
    console.log('format | server, cold HTTP (ms) | bare sharp resize (ms) | overhead (ms)');
    console.log('------ | ---------------------- | ---------------------- | -------------');
    let width = 520;
    for (const format of ['webp', 'jpg', 'png', 'avif'] as const) {
      const server: number[] = [];
      const bare: number[] = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        width -= 1;
        const [ms, res] = await timed(async () => {
          const res = await fetch(`${base}${imagePath}?width=${width}&format=${format}`, { headers: auth });
          await res.arrayBuffer();
          return res;
        });
        if (res.status !== 200) throw new Error(`cold ${format}: ${res.status}`);
        server.push(ms);
        const [bareMs] = await timed(() => {
          const resized = sharp(original).resize({ width });
          // The encoder settings the server uses (plugins/images/image-transformer.ts).
          const encoded =
            format === 'webp'
              ? resized.webp({ quality: 80 })
              : format === 'jpg'
                ? resized.jpeg({ quality: 80 })
                : format === 'png'
                  ? resized.png({ compressionLevel: 6 })
                  : resized.avif({ quality: 50, effort: 2 });
          return encoded.toBuffer();
        });
        bare.push(bareMs);
      }
      const [s, b] = [median(server), median(bare)];
      console.log(`${format.padEnd(6)} | ${s.toFixed(1).padStart(22)} | ${b.toFixed(1).padStart(22)} | ${(s - b).toFixed(1).padStart(13)}`);
    }

    // Cached variant: made once, then streamed from storage on every request.
    const cachedUrl = `${imagePath}?width=512&format=webp`;
    const signed = await fetch(`${base}${cachedUrl}`, { headers: auth });
    const variantBytes = Buffer.from(await signed.arrayBuffer());
    const staticFile = path.join(dataDir, 'static-variant.webp');
    await fs.writeFile(staticFile, variantBytes);
    const staticServer = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'image/webp', 'content-length': variantBytes.length, etag: '"static"', 'cache-control': 'public, max-age=31536000, immutable' });
      createReadStream(staticFile).pipe(res);
    });
    await new Promise<void>((resolve) => staticServer.listen(0, '127.0.0.1', resolve));
    const staticBase = `http://127.0.0.1:${(staticServer.address() as AddressInfo).port}`;

    const thumbnailUrl = String((await json(`/api/v1/assets/${asset.id}`)).thumbnail);
    await fetch(`${base}${thumbnailUrl}`, { headers: { accept: 'image/webp' } }).then((r) => r.arrayBuffer());
    const signedCachedUrl = kernel.container.get(CORE.urlSigner).sign(cachedUrl);
    const runs: Array<[string, string, Record<string, string>]> = [
      ['cached variant, bearer token', `${base}${cachedUrl}`, auth],
      ['cached variant, signed URL', `${base}${signedCachedUrl}`, {}],
      ['cached thumbnail, signed URL', `${base}${thumbnailUrl}`, { accept: 'image/webp' }],
      ['static server, same bytes', `${staticBase}/variant.webp`, {}],
      // Context: an ordinary bearer JSON route reading one row, and the app with no database at all.
      ['GET /api/v1/assets/:id (JSON)', `${base}/api/v1/assets/${asset.id}?include_generations=false`, auth],
      ['GET /healthz (no database)', `${base}/healthz`, {}],
    ];
    console.log('');
    console.log(`Cached requests over loopback (${variantBytes.length}-byte webp, ${CONNECTIONS} connections, ${SECONDS} s each)`);
    console.log('what                          | req/s   | p50 ms | p99 ms | non-2xx');
    console.log('----------------------------- | ------- | ------ | ------ | -------');
    for (const [label, url, headers] of runs) {
      // A short unmeasured run first, so each figure is taken with warm code, not the JIT's first pass.
      await autocannon({ url, headers, connections: CONNECTIONS, duration: 1 });
      const result = await autocannon({ url, headers, connections: CONNECTIONS, duration: SECONDS });
      console.log(
        `${label.padEnd(29)} | ${result.requests.average.toFixed(0).padStart(7)} | ${String(result.latency.p50).padStart(6)} | ${String(result.latency.p99).padStart(6)} | ${String(result.non2xx + result.errors).padStart(7)}`,
      );
    }
    await new Promise<void>((resolve) => staticServer.close(() => resolve()));
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await kernel.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

await main();
