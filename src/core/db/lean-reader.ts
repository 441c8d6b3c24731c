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
}

export const placeholders = (count: number) => Array.from({ length: count }, () => '?').join(',');

interface SqliteHandle {
  all(sql: string, params: readonly unknown[], callback: (err: Error | null, rows: unknown[]) => void): void;
}

interface MysqlHandle {
  query(sql: string, params: readonly unknown[], callback: (err: Error | null, rows: unknown) => void): void;
}

interface Connections<H> {
  getConnection(options?: object): Promise<H>;
  releaseConnection(connection: H): void;
}

const wrapped = (err: Error) => new DatabaseError(Object.assign(err, { sql: (err as { sql?: string }).sql ?? '' }) as never);

export function createLeanReader(sequelize: Sequelize): LeanReader {
  if (sequelize.getDialect() === 'sqlite') {
    const manager = sequelize.connectionManager as unknown as Connections<SqliteHandle>;
    return {
      async all<T>(sql: string, params: readonly unknown[] = []) {
        // The one connection Sequelize reads through outside transactions, so both see the same data.
        const handle = await manager.getConnection({});
        return new Promise<T[]>((resolve, reject) => handle.all(sql, params, (err, rows) => (err ? reject(wrapped(err)) : resolve(rows as T[]))));
      },
    };
  }
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
