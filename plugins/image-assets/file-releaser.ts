import type { Transaction } from 'sequelize';
// `optional` is not in the SDK yet; the storage plugin (another issue) may or may not be loaded.
import { optional } from 'inversify';
import { inject, injectable } from '../../src/index.ts';
import { STORAGE, type FileService } from '../storage/tokens.ts';

/** Hands the files of deleted generations back to storage, in the deleting transaction, for cleanup. */
@injectable()
export class FileReleaser {
  constructor(@inject(STORAGE.files) @optional() private readonly files: FileService | undefined) {}

  async release(fileIds: Array<string | null>, transaction: Transaction): Promise<void> {
    if (!this.files) return;
    for (const id of fileIds) if (id) await this.files.release(id, transaction);
  }
}
