import type { Logger } from 'pino';
import { CORE, inject, injectable, type CoreConfig } from '../../src/index.ts';
import { STORAGE, type VariantStore } from '../storage/tokens.ts';
import type { ImageLookups } from './image-lookups.ts';
import { IMAGES } from './tokens.ts';
import { VariantUsage } from './variant-usage.ts';

/** Variants looked at per round of removals. */
const BATCH = 100;

/**
 * Keeps the stored variants within IMAGE_VARIANT_BUDGET_MB by removing the least recently used
 * ones (object, then row, through the storage plugin's variant store; originals are never
 * touched). A variant removed while a response streams it is not a problem: the object is already
 * open (a local file stays readable once unlinked, an S3 GET keeps going), and a request that
 * looks it up afterwards finds it missing and makes it again (ImageVariantService.open).
 * One pass runs at a time in a process; a request arriving meanwhile asks for one more pass.
 * Instances removing at once may remove a little more than needed, never an original.
 */
@injectable()
export class VariantBudget {
  private readonly budget: number;
  private pass: Promise<number> | null = null;
  private again = false;
  /** Variants just made by requests of this process, kept out of the pass they triggered. */
  private readonly fresh = new Set<string>();

  constructor(
    @inject(IMAGES.usage) private readonly usage: VariantUsage,
    @inject(STORAGE.variants) private readonly variants: VariantStore,
    @inject(IMAGES.lookups) private readonly lookups: ImageLookups,
    @inject(CORE.config) config: CoreConfig,
    @inject(CORE.logger) private readonly logger: Logger,
  ) {
    this.budget = config.images.variantBudgetBytes;
  }

  /** Brings the variants within the budget; `justMade` is not removed for it. Answers how many went. */
  enforce(justMade?: string): Promise<number> {
    if (this.budget === 0) return Promise.resolve(0);
    if (justMade) this.fresh.add(justMade);
    if (this.pass) {
      this.again = true;
      return this.pass;
    }
    this.pass = this.passes();
    return this.pass;
  }

  private async passes(): Promise<number> {
    let removed = 0;
    try {
      do {
        this.again = false;
        removed += await this.removeOldest();
      } while (this.again);
      return removed;
    } finally {
      // In the same turn as the last check of `again`: a request arriving later starts a pass of its own.
      this.pass = null;
      this.fresh.clear();
    }
  }

  private async removeOldest(): Promise<number> {
    let removed = 0;
    let total = await this.usage.totalBytes();
    while (total > this.budget) {
      const oldest = await this.usage.leastRecentlyUsed(BATCH, [...this.fresh]);
      const doomed = [];
      let freed = 0;
      for (const variant of oldest) {
        if (total - freed <= this.budget) break;
        doomed.push(variant);
        freed += variant.size;
      }
      if (doomed.length === 0) break;
      const gone = await this.variants.remove(doomed.map((v) => v.id));
      for (const variant of doomed) {
        this.lookups.forgetVariant(variant.fileId, variant.paramsKey);
        this.usage.forget(variant.id);
      }
      removed += gone;
      // Every removal failed (the store logged why): the scheduled pass tries again.
      if (gone === 0) break;
      total = await this.usage.totalBytes();
    }
    if (removed > 0) this.logger.info({ removed, bytes: total, budget: this.budget }, 'least recently used image variants removed');
    return removed;
  }
}
