import type { Sequelize, Transaction } from 'sequelize';
import { CORE, inject, injectable } from '../../src/index.ts';

/**
 * Runs this plugin's write transactions. On SQLite the core queues managed transactions
 * (see queueSqliteTransactions); on MySQL they run concurrently and rely on row locks.
 */
@injectable()
export class WriteTransactions {
  constructor(@inject(CORE.database) private readonly sequelize: Sequelize) {}

  run<T>(work: (transaction: Transaction) => Promise<T>): Promise<T> {
    return this.sequelize.transaction(work);
  }
}
