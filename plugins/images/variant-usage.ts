import type { Logger } from 'pino';
import { QueryTypes, type Sequelize } from 'sequelize';
import { CORE, ExpiringLru, inject, injectable } from '../../src/index.ts';
import { IMAGES_CONFIG, type ImagesConfig } from './images.config.ts';

/** Variants whose last recorded use is remembered, so a hit within the interval writes nothing. */
const MAX_REMEMBERED = 50_000;

export interface VariantUse {
  id: string;
  fileId: string;
  paramsKey: string;
  size: number;
}

/**
 * What the storage budget needs of file_variants: when each variant was last served
 * (last_used_ms, epoch milliseconds), their total size, and how many an image has. The storage
 * plugin's variant store does not know the column; these are plain statements beside it.
 */
@injectable()
export class VariantUsage {
  private readonly recorded: ExpiringLru<true>;

  constructor(
    @inject(CORE.database) private readonly sequelize: Sequelize,
    @inject(CORE.logger) private readonly logger: Logger,
    @inject(IMAGES_CONFIG) config: ImagesConfig,
  ) {
    this.recorded = new ExpiringLru<true>(MAX_REMEMBERED, config.variantTouchSeconds * 1000);
  }

  /** A hit: written at most once per interval per variant, without holding up the response. */
  used(variantId: string): void {
    if (this.recorded.get(variantId)) return;
    this.recorded.set(variantId, true);
    this.write(variantId).catch((err: unknown) => this.logger.warn({ err, variantId }, 'could not record a variant’s use'));
  }

  /** A variant just stored: it must not look like the least recently used one (new rows read 0). */
  async made(variantId: string): Promise<void> {
    this.recorded.set(variantId, true);
    await this.write(variantId);
  }

  async countFor(fileId: string): Promise<number> {
    const [row] = await this.sequelize.query<{ n: number | string }>('SELECT COUNT(*) AS n FROM file_variants WHERE file_id = ?', {
      replacements: [fileId],
      type: QueryTypes.SELECT,
    });
    return Number(row?.n ?? 0);
  }

  async totalBytes(): Promise<number> {
    const [row] = await this.sequelize.query<{ total: number | string | null }>('SELECT SUM(size) AS total FROM file_variants', { type: QueryTypes.SELECT });
    return Number(row?.total ?? 0);
  }

  /** The least recently used variants first (ties by id, so every instance sees one order), leaving out `except`. */
  async leastRecentlyUsed(limit: number, except: string[]): Promise<VariantUse[]> {
    const rows = await this.sequelize.query<{ id: string; file_id: string; params_key: string; size: number | string }>(
      `SELECT id, file_id, params_key, size FROM file_variants ${except.length > 0 ? 'WHERE id NOT IN (:except)' : ''}
       ORDER BY last_used_ms ASC, id ASC LIMIT :limit`,
      { replacements: { except, limit }, type: QueryTypes.SELECT },
    );
    return rows.map((row) => ({ id: row.id, fileId: row.file_id, paramsKey: row.params_key, size: Number(row.size) }));
  }

  forget(variantId: string): void {
    this.recorded.delete(variantId);
  }

  private async write(variantId: string): Promise<void> {
    await this.sequelize.query('UPDATE file_variants SET last_used_ms = ? WHERE id = ?', { replacements: [Date.now(), variantId] });
  }
}
