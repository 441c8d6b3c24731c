import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { drive, percentile, type LoadRequest, type LoadResult } from './load.ts';
import type { BenchOptions } from './options.ts';
import type { RssSampler } from './rss-sampler.ts';
import { sampleImage } from './sample-images.ts';
import type { SeededData } from './seed.ts';
import { startJsonCeiling } from './json-ceiling.ts';
import { startStaticServer } from './static-server.ts';
import { streamUpload } from './upload.ts';

const MB = 1024 * 1024;

export interface Row {
  scenario: string;
  name: string;
  connections: number;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  peakRssMb: number;
  /** The machine's 1-minute load average as the scenario ended: other work competing for the CPUs. */
  load?: number;
  note?: string;
}

export interface Context {
  options: BenchOptions;
  baseUrl: string;
  token: string;
  data: SeededData;
  rss: RssSampler;
  workDir: string;
  log(line: string): void;
  /** Waits until the server is idle again. */
  settle(): Promise<void>;
}

type Scenario = { id: number; run(ctx: Context): Promise<Row[]> };

const loadNow = () => Math.round(os.loadavg()[0] * 10) / 10;
const mb = (bytes: number) => Math.round((bytes / MB) * 10) / 10;

async function measure(
  ctx: Context,
  scenario: string,
  name: string,
  next: (n: number) => LoadRequest,
  overrides: { connections?: number; durationSeconds?: number; baseUrl?: string; note?: string } = {},
): Promise<Row> {
  await ctx.settle();
  const window = ctx.rss.window();
  const connections = overrides.connections ?? ctx.options.connections;
  const result: LoadResult = await drive({
    baseUrl: overrides.baseUrl ?? ctx.baseUrl,
    connections,
    durationSeconds: overrides.durationSeconds ?? ctx.options.durationSeconds,
    headers: { authorization: `Bearer ${ctx.token}` },
    next,
  });
  const rss = window.end();
  const row: Row = { scenario, name, connections, ...result, peakRssMb: mb(rss.peak), load: loadNow(), note: overrides.note };
  ctx.log(formatRow(row));
  return row;
}

export function formatRow(r: Row): string {
  return `  ${r.scenario.padEnd(4)} ${r.name.padEnd(44)} ${r.rps.toFixed(1).padStart(8)} req/s  p50 ${r.p50.toFixed(0).padStart(5)}  p95 ${r.p95
    .toFixed(0)
    .padStart(5)}  p99 ${r.p99.toFixed(0).padStart(5)} ms  err ${r.errors} non2xx ${r.non2xx}  rss ${r.peakRssMb} MB  load ${r.load ?? '-'}${r.note ? `  (${r.note})` : ''}`;
}

const TYPOS = ['dragn', 'castel', 'forrest', 'wizzard', 'portriat', 'landscpe', 'spacship', 'ocaen', 'robott', 'knigt', 'warior', 'goldn', 'ancent', 'misty drgon'];

function skipped(scenario: string, name: string, note: string): Row {
  return { scenario, name, connections: 0, requests: 0, rps: 0, p50: 0, p95: 0, p99: 0, errors: 0, non2xx: 0, statusCodes: {}, peakRssMb: 0, note };
}

async function imageRouteAvailable(ctx: Context, fileId: string, query: string): Promise<Buffer | null> {
  const res = await fetch(`${ctx.baseUrl}/api/v1/files/images/${fileId}?${query}`, { headers: { authorization: `Bearer ${ctx.token}` } });
  if (res.status !== 200) return null;
  return Buffer.from(await res.arrayBuffer());
}

export const SCENARIOS: Scenario[] = [
  {
    id: 1,
    run: async (ctx) => {
      const { project, commonTagNames } = ctx.data;
      return [
        await measure(ctx, '1', 'assets: tag filter, sort generation_count', (n) => ({
          path: `/api/v1/projects/${project}/assets?tags=${encodeURIComponent(commonTagNames[n % commonTagNames.length])}&sort_by=generation_count&sort_order=desc&limit=50`,
        })),
      ];
    },
  },
  {
    id: 2,
    run: async (ctx) => {
      const ids = ctx.data.sampleAssetIds;
      return [await measure(ctx, '2', 'asset with generations', (n) => ({ path: `/api/v1/assets/${ids[(n * 7919) % ids.length]}?include_generations=true` }))];
    },
  },
  {
    id: 3,
    run: async (ctx) => {
      const { project } = ctx.data;
      return [
        await measure(ctx, '3', 'fuzzy search (typos)', (n) => ({
          path: `/api/v1/projects/${project}/assets/search?q=${encodeURIComponent(TYPOS[n % TYPOS.length])}&fuzzy=true&limit=20`,
        })),
      ];
    },
  },
  {
    id: 4,
    run: async (ctx) => {
      const { project } = ctx.data;
      return [
        await measure(ctx, '4a', 'project tags with counts', () => ({ path: `/api/v1/projects/${project}/tags` })),
        await measure(ctx, '4b', 'project stats (1 connection)', () => ({ path: `/api/v1/projects/${project}/stats` }), { connections: 1 }),
        await measure(ctx, '4c', 'project stats', () => ({ path: `/api/v1/projects/${project}/stats` })),
      ];
    },
  },
  {
    id: 5,
    run: async (ctx) => {
      const query = ctx.data.mediaTagIds.map((id) => `tag_ids=${id}`).join('&');
      return [await measure(ctx, '5', 'media list, three tag_ids', (n) => ({ path: `/api/media-assets?${query}&skip=${(n % 4) * 20}&limit=20` }))];
    },
  },
  {
    id: 6,
    run: async (ctx) => {
      const fileId = ctx.data.imageFileIds[0];
      const rows: Row[] = [];
      // A thumbnail-sized variant (about 5 KB) and a large one (about 65 KB), each against a plain
      // node server streaming the same bytes from disk.
      for (const [label, query] of [
        ['a', 'width=512&format=webp'],
        ['c', 'width=256&format=webp'],
      ] as const) {
        const bytes = await imageRouteAvailable(ctx, fileId, query);
        if (!bytes) return [skipped('6', 'cached variant vs static file', 'skipped: image route not available')];
        const file = path.join(ctx.workDir, `variant-${label}.webp`);
        await fs.writeFile(file, bytes);
        const statik = await startStaticServer(file, 'image/webp');
        try {
          const kb = `${Math.max(1, Math.round(bytes.length / 1024))} KB`;
          const variant = await measure(ctx, `6${label}`, `cached variant (${kb} webp)`, () => ({ path: `/api/v1/files/images/${fileId}?${query}` }));
          const ceilingId = label === 'a' ? '6b' : '6d';
          const ceiling = await measure(ctx, ceilingId, `same ${kb}, plain node static server`, () => ({ path: `/variant-${label}.webp` }), { baseUrl: statik.url, note: 'RSS is the app server, idle' });
          variant.note = `${Math.round((variant.rps / ceiling.rps) * 100)}% of static ceiling`;
          rows.push(variant, ceiling);
        } finally {
          await statik.close();
        }
      }
      return rows;
    },
  },
  {
    id: 7,
    run: async (ctx) => {
      const ids = ctx.data.imageFileIds;
      const probe = await imageRouteAvailable(ctx, ids[0], 'width=301&format=webp');
      if (!probe) return [skipped('7', 'cold transforms vs bare sharp', 'skipped: image route not available')];
      // Distinct (image, width) pairs, never requested before: every request is a new transform
      // (300 images x 700 widths is far more than a run makes).
      const widthOf = (n: number) => 302 + (Math.floor(n / ids.length) % 700);
      const server = await measure(ctx, '7a', 'cold transforms, distinct params (webp)', (n) => ({
        path: `/api/v1/files/images/${ids[n % ids.length]}?width=${widthOf(n)}&format=webp`,
      }));
      const originals = await Promise.all(ids.slice(0, 8).map((_, i) => sampleImage(i)));
      const bare = await bareSharp(ctx, originals, widthOf);
      server.note = `${(bare.rps / server.rps).toFixed(2)}x the time of bare sharp (by throughput)`;
      return [server, bare];
    },
  },
  {
    id: 8,
    run: async (ctx) => {
      const rows: Row[] = [];
      for (const [sizeMb, count] of [
        [10, 5],
        [100, 2],
      ] as const) {
        await new Promise((r) => setTimeout(r, 1000));
        const window = ctx.rss.window();
        const timings: number[] = [];
        const codes: Record<string, number> = {};
        const started = performance.now();
        for (let i = 0; i < count; i++) {
          const t0 = performance.now();
          const res = await streamUpload(ctx.baseUrl, ctx.token, sizeMb * MB, `${sizeMb}-${i}-${Date.now()}`);
          timings.push(performance.now() - t0);
          codes[res.status] = (codes[res.status] ?? 0) + 1;
        }
        const seconds = (performance.now() - started) / 1000;
        const rss = window.end();
        timings.sort((a, b) => a - b);
        const non2xx = Object.entries(codes).filter(([c]) => !c.startsWith('2')).reduce((s, [, n]) => s + n, 0);
        const row: Row = {
          scenario: sizeMb === 10 ? '8a' : '8b',
          name: `upload ${sizeMb} MB x${count} (media library, sequential)`,
          connections: 1,
          requests: count,
          rps: count / seconds,
          p50: percentile(timings, 50),
          p95: percentile(timings, 95),
          p99: percentile(timings, 99),
          errors: 0,
          non2xx,
          statusCodes: codes,
          peakRssMb: mb(rss.peak),
          load: loadNow(),
          note: `${((sizeMb * count) / seconds).toFixed(0)} MB/s, RSS +${mb(rss.peak - rss.start)} MB at peak`,
        };
        ctx.log(formatRow(row));
        rows.push(row);
      }
      return rows;
    },
  },
  {
    id: 9,
    run: async (ctx) => {
      const body = (n: number) =>
        JSON.stringify({
          assets: Array.from({ length: 200 }, (_, i) => ({ name: `bulk ${n}-${i}`, description: 'bench bulk create', tags: [`bulk-${i % 5}`], metadata: { n, i } })),
        });
      return [
        await measure(ctx, '9', 'bulk create 200 assets', (n) => ({ method: 'POST', path: `/api/v1/projects/bench-bulk/assets/bulk`, body: body(n) }), {
          // Each request writes 200 rows one transaction at a time; give it time to answer at all.
          connections: Math.min(ctx.options.connections, 4),
          durationSeconds: Math.max(ctx.options.durationSeconds, 15),
        }),
      ];
    },
  },
  {
    id: 10,
    run: async (ctx) => {
      const { project } = ctx.data;
      const ids = ctx.data.sampleAssetIds;
      const list = `/api/v1/projects/${project}/assets?sort_by=created_at&sort_order=desc&limit=50`;
      const listBytes = Buffer.from(await (await fetch(`${ctx.baseUrl}${list}`, { headers: { authorization: `Bearer ${ctx.token}` } })).arrayBuffer());
      const rows = [
        await measure(ctx, '10a', 'list 50, created_at desc', () => ({ path: list })),
        await measure(ctx, '10b', 'list 50 with search=dragon', (n) => ({ path: `/api/v1/projects/${project}/assets?search=dragon&limit=50&offset=${(n % 4) * 50}` })),
        await measure(ctx, '10c', '/assets/search?q=dragon, limit 50', () => ({ path: `/api/v1/projects/${project}/assets/search?q=dragon&limit=50` })),
        await measure(ctx, '10d', 'get one asset', (n) => ({ path: `/api/v1/assets/${ids[(n * 7919) % ids.length]}` })),
      ];
      const ceiling = await startJsonCeiling(listBytes);
      try {
        const bare = await measure(ctx, '10e', `list's bytes (${Math.round(listBytes.length / 1024)} KB), plain node:http`, () => ({ path: '/' }), {
          baseUrl: ceiling.url,
          note: 'RSS is the app server, idle',
        });
        rows[0].note = `${Math.round((rows[0].rps / bare.rps) * 100)}% of plain node:http`;
        return [...rows, bare];
      } finally {
        await ceiling.close();
      }
    },
  },
];

/**
 * The same resizes with sharp alone, in this process, under the server's budget: as many at a
 * time as its transform slots (IMAGE_TRANSFORM_CONCURRENCY, default the CPU count), one libvips
 * thread each, no libvips cache (the server's settings).
 */
async function bareSharp(ctx: Context, originals: Buffer[], widthOf: (n: number) => number): Promise<Row> {
  sharp.concurrency(1);
  sharp.cache(false);
  const parallel = os.cpus().length;
  const latencies: number[] = [];
  let n = 0;
  const deadline = performance.now() + ctx.options.durationSeconds * 1000;
  const started = performance.now();
  const worker = async () => {
    while (performance.now() < deadline) {
      const i = n++;
      const t0 = performance.now();
      await sharp(originals[i % originals.length]).resize({ width: widthOf(i) }).webp().toBuffer();
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const row: Row = {
    scenario: '7b',
    name: `bare sharp resize, same sizes, ${parallel} at a time`,
    connections: parallel,
    requests: latencies.length,
    rps: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    errors: 0,
    non2xx: 0,
    statusCodes: {},
    peakRssMb: 0,
    load: loadNow(),
    note: 'RSS column n/a (bench process)',
  };
  ctx.log(formatRow(row));
  return row;
}
