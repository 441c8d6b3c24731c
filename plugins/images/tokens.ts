import type { ServiceIdentifier } from '../../src/index.ts';
import type { ImageAccess } from './image-access.ts';
import type { ImageLookups } from './image-lookups.ts';
import type { ImageVariantService } from './image-variant.service.ts';
import type { ThumbnailService } from './thumbnail.service.ts';
import type { TransformSlots } from './transform-slots.ts';
import type { VariantBudget } from './variant-budget.ts';
import type { VariantUsage } from './variant-usage.ts';

/** The images plugin's public API. */
export const IMAGES = {
  /** Resized and re-encoded variants of stored images, each made once. */
  variants: Symbol.for('images.variants') as ServiceIdentifier<ImageVariantService>,
  /** Asset thumbnails; `regenerate({ assetId? })` remakes them (the dashboard's action). */
  thumbnails: Symbol.for('images.thumbnails') as ServiceIdentifier<ThumbnailService>,
  access: Symbol.for('images.access') as ServiceIdentifier<ImageAccess>,
  slots: Symbol.for('images.slots') as ServiceIdentifier<TransformSlots>,
  /** Files rows, variant rows and versioned thumbnail sources, cached in this process. */
  lookups: Symbol.for('images.lookups') as ServiceIdentifier<ImageLookups>,
  /** When variants were last served, their total size, and counts per image. */
  usage: Symbol.for('images.usage') as ServiceIdentifier<VariantUsage>,
  /** Removes the least recently used variants past IMAGE_VARIANT_BUDGET_MB. */
  budget: Symbol.for('images.budget') as ServiceIdentifier<VariantBudget>,
};

export interface ThumbnailRegeneration {
  regenerate(options?: { assetId?: string }): Promise<{ assets: number; variants: number }>;
}
