import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createTestApp, type TestApp, type TestAppOptions } from './create-test-app.ts';
import { createTestDatabase, usingMysql } from './test-database.ts';

export interface BreakableDatabaseApp {
  t: TestApp;
  /** What the outage looks like, for test titles and messages. */
  kind: string;
  /** The database stops taking writes: SQLite's file turns read-only, a MySQL server becomes unreachable. */
  breakDatabase(): Promise<void>;
  repairDatabase(): Promise<void>;
  dispose(): Promise<void>;
}

/** A test app whose database can fail under it the way a real outage does. */
export async function createAppWithBreakableDatabase(options: TestAppOptions = {}): Promise<BreakableDatabaseApp> {
  return usingMysql() ? throughCuttableProxy(options) : withReadOnlySqlite(options);
}

interface SqliteHandle {
  run(sql: string, callback: (err: Error | null) => void): void;
}

interface SqliteConnections {
  connections: Record<string, SqliteHandle>;
  getConnection(options?: object): Promise<SqliteHandle>;
}

const pragma = (handle: SqliteHandle, sql: string) => new Promise<void>((resolve, reject) => handle.run(sql, (err) => (err ? reject(err) : resolve())));

/**
 * chmod does not stop root, and SQLite hands a reopened file the descriptor it already holds, so
 * the file's mode cannot be relied on here. `query_only` on every connection, the open ones and
 * those opened later (one per transaction), makes SQLite refuse writes with the very error a
 * read-only file gets: SQLITE_READONLY.
 */
async function withReadOnlySqlite(options: TestAppOptions): Promise<BreakableDatabaseApp> {
  const t = await createTestApp(options);
  const manager = t.kernel.sequelize.connectionManager as unknown as SqliteConnections;
  const open = manager.getConnection.bind(manager);
  let readOnly = false;
  manager.getConnection = async (connectionOptions?: object) => {
    const handle = await open(connectionOptions);
    if (readOnly) await pragma(handle, 'PRAGMA query_only=ON');
    return handle;
  };
  const setReadOnly = async (on: boolean) => {
    readOnly = on;
    for (const handle of Object.values(manager.connections)) await pragma(handle, `PRAGMA query_only=${on ? 'ON' : 'OFF'}`);
  };
  return {
    t,
    kind: 'a read-only SQLite database',
    breakDatabase: () => setReadOnly(true),
    repairDatabase: () => setReadOnly(false),
    async dispose() {
      await t.stop();
    },
  };
}

/** The app reaches MySQL through a local proxy; cutting it is a database server gone away. */
async function throughCuttableProxy(options: TestAppOptions): Promise<BreakableDatabaseApp> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'af-outage-'));
  const database = await createTestDatabase(dataDir);
  const target = new URL(database.url);
  const proxy = await startProxy(target.hostname, Number(target.port || 3306));
  const proxied = new URL(target);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(proxy.port);
  const t = await createTestApp({ ...options, reuse: { dataDir, databaseUrl: proxied.toString() } });
  return {
    t,
    kind: 'an unreachable MySQL server',
    breakDatabase: () => proxy.cut(),
    repairDatabase: () => proxy.restore(),
    async dispose() {
      await t.stop({ keepData: true });
      await proxy.cut();
      await database.drop();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

interface Proxy {
  port: number;
  /** Stops listening (new connections are refused) and drops the open ones. */
  cut(): Promise<void>;
  restore(): Promise<void>;
}

async function startProxy(host: string, port: number): Promise<Proxy> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(port, host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });
  const listen = (onPort: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(onPort, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(0);
  const proxyPort = (server.address() as net.AddressInfo).port;
  return {
    port: proxyPort,
    async cut() {
      if (!server.listening) return;
      const closed = new Promise((resolve) => server.close(resolve));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
    restore: async () => {
      if (!server.listening) await listen(proxyPort);
    },
  };
}
