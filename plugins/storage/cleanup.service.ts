import { Op, type Sequelize } from 'sequelize';
import type { Logger } from 'pino';
import { CORE, inject, injectable } from '../../src/index.ts';
import { STORAGE_CONFIG, type StorageConfig } from './cleanup.config.ts';
import { FileRecord } from './file.model.ts';
import { FileVariant } from './file-variant.model.ts';
import { CONTENT_PREFIX, TEMPORARY_PREFIX, VARIANT_PREFIX } from './storage-keys.ts';
import { STORAGE, type CleanupReport, type CleanupService, type StorageProvider, type StorageProviderRegistry, type StoredObjectInfo } from './tokens.ts';

const LOOKUP_BATCH = 200;
const HOUR_MS = 3_600_000;

const message = (err: unknown) => (err instanceof Error ? err.message : String(err)).split('\n')[0];

/**
 * Removes what nothing uses once the grace period has passed: files whose reference count is 0
 * (with their variants' objects), then objects under files/, variants/ and tmp/ that no row
 * describes (a crash between writing and recording). Every removal is decided from a fresh
 * look-up; when a look-up fails, that item is reported and left alone.
 */
@injectable()
export class StorageCleanupService implements CleanupService {
  constructor(
    @inject(STORAGE.providers) private readonly providers: StorageProviderRegistry,
    @inject(CORE.database) private readonly sequelize: Sequelize,
    @inject(CORE.logger) private readonly logger: Logger,
    @inject(STORAGE_CONFIG) private readonly config: StorageConfig,
  ) {}

  async run(options: { dryRun: boolean; onProgress?: (done: number, total: number) => void }): Promise<CleanupReport> {
    const { dryRun, onProgress } = options;
    const cutoff = new Date(Date.now() - this.config.cleanupGraceHours * HOUR_MS);
    const report: CleanupReport = { dryRun, files: [], variants: 0, orphanObjects: [], bytes: 0, errors: [] };
    let done = 0;
    let total = 0;
    const step = () => onProgress?.((done += 1), total);

    const candidates = await FileRecord.findAll({
      attributes: ['id'],
      where: { refCount: 0, unreferencedAt: { [Op.lt]: cutoff } },
      order: [['unreferencedAt', 'ASC']],
    }).catch((err: unknown) => {
      report.errors.push(`listing unreferenced files: ${message(err)}`);
      return [];
    });
    total = candidates.length;
    onProgress?.(0, total);
    for (const { id } of candidates) {
      await this.removeFile(id, cutoff, report).catch((err: unknown) => report.errors.push(`file ${id}: ${message(err)}`));
      step();
    }

    // Listed after the files are gone, so their objects are not counted twice.
    const provider = this.providers.active();
    const objects = await this.listOld(provider, cutoff, report);
    total += objects.length;
    onProgress?.(done, total);
    for (let start = 0; start < objects.length; start += LOOKUP_BATCH) {
      const batch = objects.slice(start, start + LOOKUP_BATCH);
      let described: Set<string>;
      try {
        described = await this.describedKeys(provider.driver, batch.map((object) => object.key));
      } catch (err) {
        for (const object of batch) report.errors.push(`object ${object.key}: look-up failed: ${message(err)}`);
        batch.forEach(step);
        continue;
      }
      for (const object of batch) {
        if (!described.has(object.key)) await this.removeOrphan(provider, object, report);
        step();
      }
    }

    this.logger.info(
      { dryRun, files: report.files.length, variants: report.variants, orphanObjects: report.orphanObjects.length, bytes: report.bytes, errors: report.errors.length },
      dryRun ? 'storage cleanup dry run' : 'storage cleanup',
    );
    return report;
  }

  /** Re-checks the file under a row lock, then removes its variants' objects, its object and its row. */
  private async removeFile(id: string, cutoff: Date, report: CleanupReport): Promise<void> {
    const removed = await this.sequelize.transaction(async (transaction) => {
      const row = await FileRecord.findByPk(id, { transaction, lock: transaction.LOCK.UPDATE });
      // Acquired (or removed) since the listing: not ours to delete.
      if (!row || Number(row.refCount) !== 0 || !row.unreferencedAt || row.unreferencedAt >= cutoff) return null;
      const provider = this.providerFor(row.driver);
      const variants = await FileVariant.findAll({ where: { fileId: row.id }, transaction });
      const variantProviders = variants.map((variant) => this.providerFor(variant.driver));
      if (!report.dryRun) {
        // Objects go before the commit: if one cannot be removed, the rows stay and the next run retries.
        for (const [index, variant] of variants.entries()) await variantProviders[index]?.delete(variant.storageKey);
        await provider.delete(row.storageKey);
        await FileVariant.destroy({ where: { fileId: row.id }, transaction });
        await row.destroy({ transaction });
      }
      return { row, variantBytes: variants.reduce((sum, variant) => sum + Number(variant.size), 0), variantCount: variants.length };
    });
    if (!removed) return;
    report.files.push({ id: removed.row.id, storageKey: removed.row.storageKey, size: Number(removed.row.size) });
    report.variants += removed.variantCount;
    report.bytes += Number(removed.row.size) + removed.variantBytes;
  }

  private async listOld(provider: StorageProvider, cutoff: Date, report: CleanupReport): Promise<StoredObjectInfo[]> {
    const old: StoredObjectInfo[] = [];
    for (const prefix of [CONTENT_PREFIX, VARIANT_PREFIX, TEMPORARY_PREFIX]) {
      try {
        for await (const object of provider.list(prefix)) if (object.lastModified < cutoff) old.push(object);
      } catch (err) {
        report.errors.push(`listing ${prefix} in ${provider.driver} storage: ${message(err)}`);
      }
    }
    return old;
  }

  /** Which of these keys a files or file_variants row points at. Temporary keys never have one. */
  private async describedKeys(driver: string, keys: string[]): Promise<Set<string>> {
    const contentKeys = keys.filter((key) => key.startsWith(CONTENT_PREFIX));
    const variantKeys = keys.filter((key) => key.startsWith(VARIANT_PREFIX));
    const described = new Set<string>();
    if (contentKeys.length > 0) {
      // Content keys end in the SHA-256, which is indexed (storage_key is not).
      const hashes = contentKeys.map((key) => key.slice(key.lastIndexOf('/') + 1));
      const rows = await FileRecord.findAll({ attributes: ['storageKey'], where: { driver, sha256: { [Op.in]: hashes } } });
      for (const row of rows) described.add(row.storageKey);
    }
    if (variantKeys.length > 0) {
      const rows = await FileVariant.findAll({ attributes: ['storageKey'], where: { driver, storageKey: { [Op.in]: variantKeys } } });
      for (const row of rows) described.add(row.storageKey);
    }
    return described;
  }

  private async removeOrphan(provider: StorageProvider, object: StoredObjectInfo, report: CleanupReport): Promise<void> {
    try {
      if (!report.dryRun) await provider.delete(object.key);
      report.orphanObjects.push({ key: object.key, size: object.size });
      report.bytes += object.size;
    } catch (err) {
      report.errors.push(`object ${object.key}: ${message(err)}`);
    }
  }

  private providerFor(driver: string): StorageProvider {
    const provider = this.providers.get(driver);
    if (!provider) throw new Error(`the storage driver "${driver}" holding it is not loaded`);
    return provider;
  }
}
