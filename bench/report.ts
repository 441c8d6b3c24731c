import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DatasetSize } from './options.ts';
import type { Row } from './scenarios.ts';

export interface BenchReport {
  date: string;
  database: { dialect: 'sqlite' | 'mysql'; version: string };
  machine: { os: string; cpu: string; cpus: number; memoryGb: number; node: string };
  dataset: DatasetSize & { bigProjectAssets: number };
  options: { connections: number; durationSeconds: number; scale: number };
  seedSeconds: number;
  seedPhasesMs: Record<string, number>;
  serverStartSeconds: number;
  /** The server's RSS once started and settled, before the first scenario. */
  idleRssMb?: number;
  rows: Row[];
}

export function machine(): BenchReport['machine'] {
  const cpus = os.cpus();
  return {
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    cpu: cpus[0]?.model ?? 'unknown',
    cpus: cpus.length,
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
  };
}

const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));

export function markdown(report: BenchReport): string {
  const d = report.dataset;
  const m = report.machine;
  const lines = [
    `# asset-forge bench, ${report.date}, ${report.database.dialect} ${report.database.version}`,
    '',
    `Machine: ${m.cpu} x${m.cpus}, ${m.memoryGb} GB, ${m.os}, Node ${m.node}.`,
    `Dataset: ${d.imageAssets} image assets in ${d.projects} projects (the measured project holds ${d.bigProjectAssets}), ${d.generations} generations, ` +
      `${d.mediaAssets} media assets, ${d.tags} tags, ${d.imageFiles} real 1024x1024 PNG files.`,
    `Seeded in ${report.seedSeconds.toFixed(1)} s; server ready (with its search index built) in ${report.serverStartSeconds.toFixed(1)} s` +
      `${report.idleRssMb === undefined ? '' : `, idle RSS then ${report.idleRssMb} MB`}. ` +
      `${report.options.durationSeconds} s per scenario, ${report.options.connections} connections unless noted.`,
    '',
    'The load column is the machine\'s 1-minute load average at the end of the scenario (2 CPUs): above 2, other processes were competing with the server and the load generator.',
    '',
    '| # | scenario | conns | requests | req/s | p50 ms | p95 ms | p99 ms | errors | non-2xx | server peak RSS MB | load | note |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...report.rows.map(
      (r) =>
        `| ${r.scenario} | ${r.name} | ${r.connections} | ${r.requests} | ${r.rps.toFixed(1)} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${r.errors} | ${r.non2xx}${
          r.non2xx ? ` (${Object.entries(r.statusCodes).filter(([c]) => !c.startsWith('2')).map(([c, n]) => `${c}: ${n}`).join(', ')})` : ''
        } | ${r.peakRssMb} | ${r.load ?? ''} | ${r.note ?? ''} |`,
    ),
    '',
  ];
  return lines.join('\n');
}

export async function writeReport(dir: string, report: BenchReport): Promise<string[]> {
  await fs.mkdir(dir, { recursive: true });
  const stamp = report.date.replace(/:/g, '').replace(/\..*$/, '');
  const base = path.join(dir, `${stamp}-${report.database.dialect}`);
  await fs.writeFile(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
  await fs.writeFile(`${base}.md`, markdown(report));
  return [`${base}.json`, `${base}.md`];
}
