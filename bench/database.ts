import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import type { BenchOptions } from './options.ts';

export interface BenchDatabase {
  url: string;
  dataDir: string;
  /** Drops the database and removes the data dir. */
  drop(): Promise<void>;
}

/** A fresh database for one run: a new SQLite file in a temp dir, or a new `af_bench_<ts>` on the MySQL server. */
export async function createBenchDatabase(options: BenchOptions): Promise<BenchDatabase> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'af-bench-'));
  const removeDir = () => fs.rm(dataDir, { recursive: true, force: true });
  if (options.db === 'sqlite') {
    return { url: `sqlite:${path.join(dataDir, 'bench.sqlite')}`, dataDir, drop: removeDir };
  }
  const server = new URL(options.databaseUrl.replace(/^mariadb:/, 'mysql:'));
  const name = `af_bench_${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}`;
  const connect = () =>
    mysql.createConnection({
      host: server.hostname,
      port: server.port ? Number(server.port) : 3306,
      user: decodeURIComponent(server.username),
      password: decodeURIComponent(server.password),
    });
  const admin = await connect();
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dataDir,
    drop: async () => {
      const conn = await connect();
      await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await conn.end();
      await removeDir();
    },
  };
}
