import { ConnectionError, DatabaseError, TimeoutError } from 'sequelize';

/** How long a client is told to wait before trying again when the database is unavailable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** Driver codes that mean the database cannot serve the request right now, not that the request is wrong. */
const TRANSIENT_CODES = new Set([
  // SQLite: locked, read-only or unopenable file, failing or full disk.
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_READONLY',
  'SQLITE_CANTOPEN',
  'SQLITE_IOERR',
  'SQLITE_FULL',
  'SQLITE_PROTOCOL',
  // MySQL/MariaDB: the connection went away mid-query, or the server is busy, shutting down or read-only.
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ER_LOCK_WAIT_TIMEOUT',
  'ER_LOCK_DEADLOCK',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_OPTION_PREVENTS_STATEMENT',
  'ER_READ_ONLY_MODE',
]);

/** The database is unreachable, locked or not writable: worth answering 503 and retrying, not 500. */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (err instanceof ConnectionError || err instanceof TimeoutError) return true;
  if (!(err instanceof DatabaseError)) return false;
  const code = (err.parent as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && TRANSIENT_CODES.has(code);
}
