/** Command-line and environment options of `npm run bench`. */
export interface BenchOptions {
  /** mysql://… (a server; a fresh database is created on it) or sqlite (a fresh file in a temp dir). */
  databaseUrl: string;
  db: 'sqlite' | 'mysql';
  /** Fraction of the default dataset, for quick runs. */
  scale: number;
  durationSeconds: number;
  connections: number;
  /** Scenario numbers to run (1-10); empty = all. */
  only: number[];
  /** Keep the database and data dir afterwards (their paths are printed). */
  keep: boolean;
  /** Directory for the server's V8 CPU profile (node --cpu-prof), written when it stops. */
  cpuProfileDir?: string;
}

export const DEFAULT_DATASET = {
  imageAssets: 100_000,
  projects: 20,
  generations: 300_000,
  mediaAssets: 50_000,
  tags: 1_000,
  imageFiles: 300,
};
export type DatasetSize = typeof DEFAULT_DATASET;

export function datasetAt(scale: number): DatasetSize {
  const n = (value: number, min: number) => Math.max(min, Math.round(value * scale));
  return {
    imageAssets: n(DEFAULT_DATASET.imageAssets, 200),
    projects: DEFAULT_DATASET.projects,
    generations: n(DEFAULT_DATASET.generations, 600),
    mediaAssets: n(DEFAULT_DATASET.mediaAssets, 200),
    tags: n(DEFAULT_DATASET.tags, 300),
    imageFiles: n(DEFAULT_DATASET.imageFiles, 20),
  };
}

function flag(args: string[], name: string): string | undefined {
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  const arg = args[i];
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[i + 1];
}

export function parseOptions(args: string[], env: NodeJS.ProcessEnv): BenchOptions {
  const db = (flag(args, 'db') ?? env.BENCH_DB ?? (env.DATABASE_URL?.startsWith('mysql') || env.DATABASE_URL?.startsWith('mariadb') ? 'mysql' : 'sqlite')) as string;
  if (db !== 'sqlite' && db !== 'mysql') throw new Error(`--db must be sqlite or mysql (got ${db})`);
  const databaseUrl =
    db === 'mysql'
      ? (env.DATABASE_URL && !env.DATABASE_URL.startsWith('sqlite') ? env.DATABASE_URL : 'mysql://root@127.0.0.1:3306')
      : 'sqlite';
  const number = (name: string, envName: string, fallback: number) => {
    const raw = flag(args, name) ?? env[envName];
    const value = raw === undefined ? fallback : Number(raw);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number (got ${raw})`);
    return value;
  };
  const only = (flag(args, 'only') ?? env.BENCH_ONLY ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  if (only.some((n) => !Number.isInteger(n) || n < 1 || n > 10)) throw new Error('--only takes scenario numbers 1-10, comma-separated');
  return {
    databaseUrl,
    db,
    scale: number('scale', 'BENCH_SCALE', 1),
    durationSeconds: number('duration', 'BENCH_DURATION', 10),
    connections: Math.round(number('connections', 'BENCH_CONNECTIONS', 20)),
    only,
    keep: args.includes('--keep') || env.BENCH_KEEP === '1',
    cpuProfileDir: flag(args, 'cpu-prof'),
  };
}
