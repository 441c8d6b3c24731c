/**
 * `npm run bench`: seeds a large dataset into a fresh database, starts the server as its own
 * process, drives it with autocannon for a fixed time per scenario, prints a table and writes
 * bench/results/<date>-<db>.{json,md}. A script, not a test.
 *
 *   npm run bench                                    # SQLite, full dataset
 *   npm run bench -- --db mysql                      # MySQL/MariaDB (DATABASE_URL or mysql://root@127.0.0.1:3306)
 *   npm run bench -- --scale 0.1 --duration 5 --only 1,2,3
 *   options: --db sqlite|mysql  --scale <fraction>  --duration <s>  --connections <n>  --only <1-10,...>  --keep  --cpu-prof <dir>
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Sequelize } from 'sequelize';
import { createBenchDatabase } from './database.ts';
import { datasetAt, parseOptions } from './options.ts';
import { machine, markdown, writeReport, type BenchReport } from './report.ts';
import { RssSampler, rssOf } from './rss-sampler.ts';
import { SCENARIOS, type Context, type Row } from './scenarios.ts';
import { seedDataset } from './seed.ts';
import { settle } from './settle.ts';
import { startBenchServer } from './server.ts';

const TOKEN = 'bench-admin-token-0123456789abcdef';
const log = (line: string) => console.log(line);

const options = parseOptions(process.argv.slice(2), process.env);
const size = datasetAt(options.scale);
const database = await createBenchDatabase(options);
const env: Record<string, string> = {
  DATABASE_URL: database.url,
  DATA_DIR: database.dataDir,
  ADMIN_TOKEN: TOKEN,
  RATE_LIMIT_PER_MINUTE: '0',
  LOG_LEVEL: 'warn',
  ...(process.env.MEILISEARCH_URL ? { MEILISEARCH_URL: process.env.MEILISEARCH_URL } : {}),
};
log(`database ${database.url.replace(/\/\/[^@]*@/, '//')} , data dir ${database.dataDir}`);
log(`seeding ${JSON.stringify(size)}`);

let server: Awaited<ReturnType<typeof startBenchServer>> | undefined;
let sampler: RssSampler | undefined;
try {
  const data = await seedDataset(env, size, log);
  log(`seeded in ${data.seedSeconds.toFixed(1)} s`);

  const startStarted = performance.now();
  server = await startBenchServer(env, database.dataDir, options.cpuProfileDir);
  const serverStartSeconds = (performance.now() - startStarted) / 1000;
  log(`server pid ${server.pid} ready in ${serverStartSeconds.toFixed(1)} s at ${server.url}`);
  sampler = new RssSampler(server.pid);
  const running = server;
  // The idle figure the targets name: started, index built, settled, before any load.
  await settle(running.url, running.pid);
  const idleRssMb = Math.round(rssOf(running.pid) / 1048576);
  log(`server idle RSS ${idleRssMb} MB`);

  const ctx: Context = {
    options,
    baseUrl: server.url,
    token: TOKEN,
    data,
    rss: sampler,
    workDir: database.dataDir,
    log,
    settle: async () => void (await settle(running.url, running.pid)),
  };
  const rows: Row[] = [];
  for (const scenario of SCENARIOS) {
    if (options.only.length > 0 && !options.only.includes(scenario.id)) continue;
    rows.push(...(await scenario.run(ctx)));
  }

  const report: BenchReport = {
    date: new Date().toISOString(),
    database: { dialect: options.db, version: await databaseVersion(database.url) },
    machine: machine(),
    dataset: { ...size, bigProjectAssets: Math.ceil(size.imageAssets / 3) },
    options: { connections: options.connections, durationSeconds: options.durationSeconds, scale: options.scale },
    seedSeconds: data.seedSeconds,
    seedPhasesMs: data.phases,
    serverStartSeconds,
    idleRssMb,
    rows,
  };
  log('');
  log(markdown(report));
  const written = await writeReport(path.join(path.dirname(fileURLToPath(import.meta.url)), 'results'), report);
  log(`written: ${written.join(', ')}`);
} finally {
  sampler?.stop();
  await server?.stop();
  if (options.keep) log(`kept: ${database.url} and ${database.dataDir}`);
  else await database.drop();
}

async function databaseVersion(url: string): Promise<string> {
  const sequelize = url.startsWith('sqlite:') ? new Sequelize({ dialect: 'sqlite', storage: url.slice(7), logging: false }) : new Sequelize(url, { logging: false });
  try {
    if (url.startsWith('sqlite:')) {
      const [rows] = await sequelize.query('SELECT sqlite_version() AS v');
      return String((rows as Array<{ v: string }>)[0].v);
    }
    // The buffer pool decides whether the dataset is read from memory; say how big it was.
    const [rows] = await sequelize.query('SELECT VERSION() AS v, @@innodb_buffer_pool_size AS pool');
    const { v, pool } = (rows as Array<{ v: string; pool: number }>)[0];
    return `${v}, innodb_buffer_pool_size ${Math.round(Number(pool) / 1024 / 1024)} MB`;
  } finally {
    await sequelize.close();
  }
}
