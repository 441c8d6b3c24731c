import { Op, Transaction, type Sequelize } from 'sequelize';
import type { Logger } from 'pino';
import { CORE, inject, injectable, SearchOutboxEntry } from '../../src/index.ts';
import { SearchService } from './search.service.ts';
import { SEARCH, type SearchConfig } from './tokens.ts';

interface OutboxRow {
  id: number;
  index_name: string;
  document_id: string;
  attempts: number;
}

export interface DrainReport {
  delivered: number;
  failed: number;
}

/**
 * Delivers search outbox rows to the engine, at least once: a row is removed only after its
 * documents reached the engine, and delivery is an upsert (or delete) by id, so repeating it is
 * harmless. On MySQL/MariaDB each batch is claimed with FOR UPDATE SKIP LOCKED, so instances
 * drain side by side; on SQLite (one instance) this process is the only drainer.
 */
@injectable()
export class OutboxWorker {
  private queue: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private looping = false;

  constructor(
    @inject(SEARCH.service) private readonly search: SearchService,
    @inject(CORE.database) private readonly sequelize: Sequelize,
    @inject(SEARCH.config) private readonly config: SearchConfig,
    @inject(CORE.logger) private readonly logger: Logger,
  ) {}

  /** Drains every row that is due now. Calls in this process run one after another. */
  drain(): Promise<DrainReport> {
    const run = this.queue.then(() => this.drainDue());
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Keeps draining every `drainIntervalMs` until stop(). */
  startLoop(): void {
    if (this.config.drainIntervalMs <= 0 || this.looping) return;
    this.looping = true;
    const tick = async () => {
      try {
        await this.drain();
      } catch (err) {
        this.logger.error({ err }, 'search outbox drain failed');
      }
      if (this.looping) this.timer = setTimeout(tick, this.config.drainIntervalMs);
    };
    this.timer = setTimeout(tick, this.config.drainIntervalMs);
  }

  async stopLoop(): Promise<void> {
    this.looping = false;
    clearTimeout(this.timer);
    await this.queue;
  }

  /** Rows still waiting, e.g. while the engine is down. */
  async pending(): Promise<number> {
    return SearchOutboxEntry.count();
  }

  private async drainDue(): Promise<DrainReport> {
    const total: DrainReport = { delivered: 0, failed: 0 };
    for (;;) {
      const { claimed, ...report } = await this.drainBatch();
      total.delivered += report.delivered;
      total.failed += report.failed;
      if (claimed < this.config.drainBatchSize) return total;
    }
  }

  private async drainBatch(): Promise<DrainReport & { claimed: number }> {
    if (this.sequelize.getDialect() === 'sqlite') {
      const rows = await this.claim(null);
      return { claimed: rows.length, ...(await this.deliver(rows, null)) };
    }
    // READ COMMITTED: the claim locks only the rows it returns. Under REPEATABLE READ it also
    // gap-locked the end of the table, so every write that enqueues a row waited for the delivery
    // (a network call to the engine) to finish, and failed when the engine hung.
    return this.sequelize.transaction({ isolationLevel: Transaction.ISOLATION_LEVELS.READ_COMMITTED }, async (transaction) => {
      const rows = await this.claim(transaction);
      return { claimed: rows.length, ...(await this.deliver(rows, transaction)) };
    });
  }

  private async claim(transaction: Transaction | null): Promise<OutboxRow[]> {
    const rows = await SearchOutboxEntry.findAll({
      attributes: ['id', 'indexName', 'documentId', 'attempts'],
      where: { availableAt: { [Op.lte]: new Date() } },
      order: [['id', 'ASC']],
      limit: this.config.drainBatchSize,
      ...(transaction ? { transaction, lock: transaction.LOCK.UPDATE, skipLocked: true } : {}),
    });
    return rows.map((row) => ({ id: Number(row.id), index_name: row.indexName, document_id: row.documentId, attempts: row.attempts }));
  }

  private async deliver(rows: OutboxRow[], transaction: Transaction | null): Promise<DrainReport> {
    const report: DrainReport = { delivered: 0, failed: 0 };
    const byIndex = new Map<string, OutboxRow[]>();
    for (const row of rows) byIndex.set(row.index_name, [...(byIndex.get(row.index_name) ?? []), row]);
    for (const [indexName, group] of byIndex) {
      const rowIds = group.map((row) => row.id);
      try {
        await this.search.sync(indexName, [...new Set(group.map((row) => row.document_id))]);
        await SearchOutboxEntry.destroy({ where: { id: rowIds }, transaction: transaction ?? undefined });
        report.delivered += group.length;
      } catch (err) {
        this.logger.warn({ err, index: indexName, rows: group.length }, 'search outbox delivery failed; will retry');
        for (const row of group) await this.reschedule(row, (err as Error).message, transaction);
        report.failed += group.length;
      }
    }
    return report;
  }

  private async reschedule(row: OutboxRow, error: string, transaction: Transaction | null): Promise<void> {
    const attempts = Number(row.attempts) + 1;
    const delay = Math.min(this.config.retryBaseMs * 2 ** (attempts - 1), this.config.retryMaxMs);
    await SearchOutboxEntry.update(
      { attempts, availableAt: new Date(Date.now() + delay), lastError: error.slice(0, 2000) },
      { where: { id: row.id }, transaction: transaction ?? undefined },
    );
  }
}
