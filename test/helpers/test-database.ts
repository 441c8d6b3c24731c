import { randomBytes } from 'node:crypto';
import path from 'node:path';
import mysql from 'mysql2/promise';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A fresh, empty database for one test app: a SQLite file in the app's data dir, or,
 * when TEST_DATABASE_URL names a MySQL/MariaDB server, a new database on that server.
 */
export async function createTestDatabase(dataDir: string): Promise<TestDatabase> {
  const server = process.env.TEST_DATABASE_URL;
  if (!server || server.startsWith('sqlite:')) {
    return { url: `sqlite:${path.join(dataDir, 'test.sqlite')}`, drop: async () => undefined };
  }
  const base = new URL(server.replace(/^mariadb:/, 'mysql:'));
  const name = `af_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = await connect(base);
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return adoptTestDatabase(url.toString());
}

/** A database a stopped app left behind (stop with keepData): whoever reuses it drops it. */
export function adoptTestDatabase(databaseUrl: string): TestDatabase {
  if (databaseUrl.startsWith('sqlite:')) return { url: databaseUrl, drop: async () => undefined };
  const url = new URL(databaseUrl.replace(/^mariadb:/, 'mysql:'));
  const name = decodeURIComponent(url.pathname.slice(1));
  return {
    url: databaseUrl,
    drop: async () => {
      const conn = await connect(url);
      await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await conn.end();
    },
  };
}

function connect(server: URL) {
  return mysql.createConnection({
    host: server.hostname,
    port: server.port ? Number(server.port) : 3306,
    user: decodeURIComponent(server.username),
    password: decodeURIComponent(server.password),
  });
}

export const usingMysql = () => Boolean(process.env.TEST_DATABASE_URL && !process.env.TEST_DATABASE_URL.startsWith('sqlite:'));
