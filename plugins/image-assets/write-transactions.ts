import type { Sequelize, Transaction } from 'sequelize';
import { CORE, inject, injectable, isDeadlock } from '../../src/index.ts';

const ATTEMPTS = 5;

/**
 * Runs this plugin's write transactions. On SQLite the core queues managed transactions
 * (see queueSqliteTransactions); on MySQL they run concurrently and rely on row locks, and a
 * transaction that loses a deadlock (rolled back whole by InnoDB) runs again. `work` must
 * therefore keep its results to itself until it returns.
 */
@injectable()
export class WriteTransactions {
  constructor(@inject(CORE.database) private readonly sequelize: Sequelize) {}

  async run<T>(work: (transaction: Transaction) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.sequelize.transaction(work);
      } catch (err) {
        if (!isDeadlock(err) || attempt >= ATTEMPTS) throw err;
        // Apart, so the same two requests do not meet again at once.
        await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
      }
    }
  }
}
