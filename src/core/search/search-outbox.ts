import type { Transaction } from 'sequelize';
import { SearchOutboxEntry } from './search-outbox.model.ts';

/**
 * Records that search documents must be refreshed. Call it inside the transaction that
 * changes the records, so a change and its outbox row commit (or roll back) together.
 * The search plugin drains the outbox; a refresh re-reads the record, so one row per
 * changed id covers creates, updates and deletes alike.
 */
export class SearchOutbox {
  async enqueue(indexName: string, documentIds: string[], transaction: Transaction | null): Promise<void> {
    const unique = [...new Set(documentIds)];
    if (unique.length === 0) return;
    const now = new Date();
    await SearchOutboxEntry.bulkCreate(
      unique.map((documentId) => ({ indexName, documentId, availableAt: now, lastError: null })),
      { transaction: transaction ?? undefined },
    );
  }
}
