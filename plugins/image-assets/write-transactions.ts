import type { Sequelize, Transaction } from 'sequelize';
import { CORE, inject, injectable } from '../../src/index.ts';

/**
 * Runs this plugin's write transactions. On SQLite they queue here, one at a time: SQLite has a
 * single writer anyway, and a writer waiting for the lock inside the driver blocks one of libuv's
 * four threads, so a burst of concurrent writers (50 favourite changes at once) would starve the
 * transaction holding the lock. On MySQL they run concurrently and rely on row locks.
 */
@injectable()
export class WriteTransactions {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(@inject(CORE.database) private readonly sequelize: Sequelize) {}

  run<T>(work: (transaction: Transaction) => Promise<T>): Promise<T> {
    if (this.sequelize.getDialect() !== 'sqlite') return this.sequelize.transaction(work);
    const result = this.tail.then(() => this.sequelize.transaction(work));
    this.tail = result.catch(() => undefined);
    return result;
  }
}
