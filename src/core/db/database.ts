import fs from 'node:fs';
import path from 'node:path';
import { Sequelize, Transaction, type Options } from 'sequelize';
import type { Logger } from 'pino';

export type Dialect = 'sqlite' | 'mysql';

export function dialectOf(databaseUrl: string): Dialect {
  return databaseUrl.startsWith('sqlite:') ? 'sqlite' : 'mysql';
}

function sqliteFile(databaseUrl: string): string {
  const rest = databaseUrl.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
  return rest === ':memory:' ? rest : path.resolve(rest);
}

/** Opens the database named by DATABASE_URL: a SQLite file by default, MySQL/MariaDB through mysql2. */
export function createSequelize(databaseUrl: string, logger?: Logger): Sequelize {
  const logging = logger ? (sql: string, timing?: number) => logger.trace({ sql, ms: timing }, 'sql') : false;
  const common: Options = { logging, benchmark: Boolean(logger), define: { underscored: true } };

  if (dialectOf(databaseUrl) === 'sqlite') {
    const storage = sqliteFile(databaseUrl);
    if (storage !== ':memory:') fs.mkdirSync(path.dirname(storage), { recursive: true });
    const sequelize = new Sequelize({
      ...common,
      dialect: 'sqlite',
      storage,
      // IMMEDIATE takes the write lock up front, so two writers queue instead of deadlocking.
      transactionType: Transaction.TYPES.IMMEDIATE,
      retry: { match: [/SQLITE_BUSY/], max: 10 },
    });
    configureSqliteConnections(sequelize);
    queueSqliteTransactions(sequelize);
    return sequelize;
  }

  const url = new URL(databaseUrl.replace(/^mariadb:/, 'mysql:'));
  return new Sequelize(url.pathname.slice(1), decodeURIComponent(url.username), decodeURIComponent(url.password), {
    ...common,
    dialect: 'mysql',
    host: url.hostname,
    port: url.port ? Number(url.port) : 3306,
    timezone: '+00:00',
    pool: { max: 20, min: 0, idle: 10000, acquire: 30000 },
    dialectOptions: { charset: 'utf8mb4', supportBigNumbers: true, bigNumberStrings: false, multipleStatements: false },
    hooks: {
      // MySQL 8 cuts GROUP_CONCAT at 1,024 bytes (MariaDB at 1 MB); reads build JSON arrays with it.
      afterConnect: (connection) =>
        new Promise<void>((resolve, reject) =>
          (connection as MysqlConnection).query('SET SESSION group_concat_max_len = 16777216', (err) => (err ? reject(err) : resolve())),
        ),
    },
  });
}

interface MysqlConnection {
  query(sql: string, callback: (err: Error | null) => void): void;
}

interface SqliteHandle {
  configure(option: 'busyTimeout', ms: number): void;
  run(sql: string): void;
  afConfigured?: boolean;
}

/**
 * Sequelize's SQLite driver opens a connection per transaction and runs no
 * afterConnect hook, so a waiting writer would fail at once with SQLITE_BUSY.
 * Each new handle gets a busy timeout here instead.
 */
function configureSqliteConnections(sequelize: Sequelize): void {
  const manager = sequelize.connectionManager as unknown as { getConnection(options?: object): Promise<SqliteHandle> };
  const open = manager.getConnection.bind(manager);
  manager.getConnection = async (options?: object) => {
    const handle = await open(options);
    if (!handle.afConfigured) {
      handle.configure('busyTimeout', 15000);
      handle.run('PRAGMA synchronous=NORMAL');
      handle.afConfigured = true;
    }
    return handle;
  };
}

/**
 * SQLite has one writer at a time, and a transaction waiting for the write lock blocks a
 * libuv thread inside the driver: a burst of concurrent writers can occupy all four and
 * starve the transaction holding the lock. Managed transactions therefore take turns in
 * the process. (A transaction opened inside another's callback without passing it would
 * deadlock here, as it would on SQLite's own lock: always pass the outer transaction.)
 */
function queueSqliteTransactions(sequelize: Sequelize): void {
  const begin = sequelize.transaction.bind(sequelize) as (...args: unknown[]) => Promise<unknown>;
  let tail: Promise<unknown> = Promise.resolve();
  sequelize.transaction = ((...args: unknown[]) => {
    const managed = args.some((arg) => typeof arg === 'function');
    // A savepoint inside a running transaction ({ transaction: outer }) must not wait behind it.
    const nested = args.some((arg) => typeof arg === 'object' && arg !== null && (arg as { transaction?: unknown }).transaction);
    if (!managed || nested) return begin(...args);
    const run = tail.then(() => begin(...args));
    tail = run.catch(() => undefined);
    return run;
  }) as typeof sequelize.transaction;
}

/** WAL lets readers proceed while one writer commits; it is a property of the file, set once. */
export async function prepareDatabase(sequelize: Sequelize): Promise<void> {
  if (sequelize.getDialect() === 'sqlite') await sequelize.query('PRAGMA journal_mode=WAL');
}
