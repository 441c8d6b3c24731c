/**
 * Measures how much a 100 MB upload to POST /api/media-assets/upload grows the server process.
 *
 *   npx tsx bench/upload-memory.ts
 *   TEST_DATABASE_URL=mysql://root@127.0.0.1:3306/test npx tsx bench/upload-memory.ts
 *
 * Starts the server as its own process (as `npm start` does), streams a generated 100 MB PDF
 * to it without holding it in memory here either, samples the server's resident set size from
 * /proc while the upload runs, and prints RSS before, at peak and after. Linux only.
 */
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createTestDatabase } from '../test/helpers/test-database.ts';
import { startServerProcess } from '../test/helpers/server-process.ts';

const SIZE = 100 * 1024 * 1024;
const TOKEN = 'bench-admin-token-0123456789';
const MB = 1024 * 1024;

async function rssOf(pid: number): Promise<{ rss: number; hwm: number }> {
  const status = await fs.readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

/** A PDF-looking body of exactly `size` bytes, produced a megabyte at a time. */
function generatedPdf(size: number): Readable {
  const head = Buffer.from('%PDF-1.4\n');
  const tail = Buffer.from('\n%%EOF\n');
  const filler = Buffer.alloc(MB, 0x20);
  let left = size - head.length - tail.length;
  let started = false;
  return new Readable({
    read() {
      if (!started) {
        started = true;
        this.push(head);
        return;
      }
      if (left > 0) {
        const n = Math.min(left, filler.length);
        left -= n;
        this.push(n === filler.length ? filler : filler.subarray(0, n));
        return;
      }
      this.push(tail);
      this.push(null);
    },
  });
}

function upload(url: string): Promise<{ status: number; body: string }> {
  const boundary = 'bench-boundary-7f3a';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench.pdf"\r\nContent-Type: application/pdf\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}/api/media-assets/upload`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${TOKEN}`,
        'Content-Type': `multipart/form-data; boundary=${boundary}`,
        'Content-Length': String(head.length + SIZE + tail.length),
      },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.write(head);
    const file = generatedPdf(SIZE);
    file.on('end', () => req.end(tail));
    file.pipe(req, { end: false });
  });
}

const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'af-bench-upload-'));
const database = await createTestDatabase(dataDir);
const server = await startServerProcess({ DATA_DIR: dataDir, DATABASE_URL: database.url, ADMIN_TOKEN: TOKEN, RATE_LIMIT_PER_MINUTE: '0' });
const pid = server.child.pid as number;
try {
  // Let start-up work (migrations, search build) settle so "before" is the idle server.
  await new Promise((r) => setTimeout(r, 1000));
  const before = await rssOf(pid);
  // Reset the kernel's high-water mark so VmHWM covers only the upload (ignored where not permitted).
  await fs.writeFile(`/proc/${pid}/clear_refs`, '5').catch(() => undefined);
  let peak = before.rss;
  const sampler = setInterval(() => {
    rssOf(pid).then((m) => (peak = Math.max(peak, m.rss)), () => undefined);
  }, 10);
  const started = Date.now();
  const result = await upload(server.url);
  const seconds = (Date.now() - started) / 1000;
  clearInterval(sampler);
  const after = await rssOf(pid);
  peak = Math.max(peak, after.hwm);
  if (result.status !== 201) throw new Error(`upload answered ${result.status}: ${result.body}`);
  const fmt = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;
  console.log(`100 MB upload (${database.url.startsWith('sqlite:') ? 'SQLite' : 'MySQL'}, local storage) in ${seconds.toFixed(1)} s`);
  console.log(`server RSS before ${fmt(before.rss)}, peak ${fmt(peak)}, after ${fmt(after.rss)}`);
  console.log(`growth at peak ${fmt(peak - before.rss)}, retained after ${fmt(after.rss - before.rss)}`);
} finally {
  server.child.kill('SIGTERM');
  await server.exited;
  await database.drop();
  await fs.rm(dataDir, { recursive: true, force: true });
}
