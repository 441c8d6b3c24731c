import os from 'node:os';
import { DatabaseError, type Sequelize } from 'sequelize';

/**
 * Read-only statements run on the driver Sequelize already holds (its SQLite connection, its
 * MySQL pool), without its per-query pipeline: no option cloning, no model instances, no
 * `PRAGMA table_info` before a SELECT, and no stack trace formatted for every query (what the
 * profile of the list and get routes found costing more than the SQL itself). Writes and
 * anything in a transaction stay with Sequelize.
 *
 * Placeholders are `?`; expand a list with `placeholders(n)`. Errors come wrapped in Sequelize's
 * DatabaseError, so an outage answers 503 as it does for every other query.
 */
export interface LeanReader {
  all<T>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Closes connections of its own (SQLite's readers); Sequelize's stay Sequelize's to close. */
  close(): Promise<void>;
}

export const placeholders = (count: number) => Array.from({ length: count }, () => '?').join(',');

interface SqliteHandle {
  all(sql: string, params: readonly unknown[], callback: (err: Error | null, rows: unknown[]) => void): void;
  configure(option: 'busyTimeout', ms: number): void;
  close(callback: (err: Error | null) => void): void;
}

interface SqliteLib {
  OPEN_READONLY: number;
  Database: new (file: string, mode: number, callback: (err: Error | null) => void) => SqliteHandle;
}

interface MysqlHandle {
  query(sql: string, params: readonly unknown[], callback: (err: Error | null, rows: unknown) => void): void;
}

interface Connections<H> {
  getConnection(options?: object): Promise<H>;
  releaseConnection(connection: H): void;
  lib: SqliteLib;
}

const wrapped = (err: Error) => new DatabaseError(Object.assign(err, { sql: (err as { sql?: string }).sql ?? '' }) as never);

function sqliteAll<T>(handle: SqliteHandle, sql: string, params: readonly unknown[]): Promise<T[]> {
  return new Promise<T[]>((resolve, reject) => handle.all(sql, params, (err, rows) => (err ? reject(wrapped(err)) : resolve(rows as T[]))));
}

/**
 * SQLite: read-only connections of its own, one per CPU. Sequelize reads through a single
 * connection, and a connection runs one statement at a time, so concurrent requests queued on
 * it while CPUs sat idle; in WAL mode readers on separate connections run side by side and see
 * every committed write.
 */
function sqliteReader(sequelize: Sequelize): LeanReader {
  const manager = sequelize.connectionManager as unknown as Connections<SqliteHandle>;
  const storage = (sequelize as unknown as { options: { storage?: string } }).options.storage ?? ':memory:';
  if (storage === ':memory:') {
    // An in-memory database exists only on Sequelize's own connection.
    return { all: async (sql, params = []) => sqliteAll(await manager.getConnection({}), sql, params), close: async () => undefined };
  }
  const size = Math.max(2, os.availableParallelism());
  const readers: Array<{ handle: Promise<SqliteHandle>; busy: number }> = [];
  const open = () =>
    new Promise<SqliteHandle>((resolve, reject) => {
      const handle = new manager.lib.Database(storage, manager.lib.OPEN_READONLY, (err) => (err ? reject(wrapped(err)) : resolve(handle)));
      // A reader waits out a checkpoint rather than failing with SQLITE_BUSY.
      handle.configure('busyTimeout', 15000);
    });
  let closed = false;
  return {
    async all<T>(sql: string, params: readonly unknown[] = []) {
      // Past shutdown: unavailable (503), as Sequelize's closed connections answer.
      if (closed) throw wrapped(Object.assign(new Error('SQLITE_CANTOPEN: the database is closed'), { code: 'SQLITE_CANTOPEN' }));
      let reader = readers.find((r) => r.busy === 0);
      if (!reader && readers.length < size) {
        reader = { handle: open(), busy: 0 };
        readers.push(reader);
        reader.handle.catch(() => readers.splice(readers.indexOf(reader!), 1));
      }
      reader ??= readers.reduce((a, b) => (b.busy < a.busy ? b : a));
      reader.busy += 1;
      try {
        return await sqliteAll<T>(await reader.handle, sql, params);
      } finally {
        reader.busy -= 1;
      }
    },
    async close() {
      closed = true;
      const handles = await Promise.allSettled(readers.splice(0).map((r) => r.handle));
      await Promise.all(
        handles.flatMap((h) => (h.status === 'fulfilled' ? [new Promise<void>((resolve) => h.value.close(() => resolve()))] : [])),
      );
    },
  };
}

export function createLeanReader(sequelize: Sequelize): LeanReader {
  if (sequelize.getDialect() === 'sqlite') return sqliteReader(sequelize);
  const manager = sequelize.connectionManager as unknown as Connections<MysqlHandle>;
  return {
    async all<T>(sql: string, params: readonly unknown[] = []) {
      const connection = await manager.getConnection({ type: 'read' });
      try {
        return await new Promise<T[]>((resolve, reject) => connection.query(sql, params, (err, rows) => (err ? reject(wrapped(err)) : resolve(rows as T[]))));
      } finally {
        manager.releaseConnection(connection);
      }
    },
    close: async () => undefined,
  };
}

/** A timestamp column as either driver returns it: SQLite's `YYYY-MM-DD HH:MM:SS.mmm +00:00` text, or a Date from mysql2. */
export function readTimestamp(value: unknown): Date {
  if (value instanceof Date) return value;
  const text = String(value);
  // Sequelize writes UTC with this exact layout; slicing it is far cheaper than a general date parser.
  if (text.length >= 23 && text[10] === ' ' && text.endsWith('+00:00')) return new Date(`${text.slice(0, 10)}T${text.slice(11, 23)}Z`);
  return new Date(text);
}
