import cron from 'node-cron';
import { z, type ServiceIdentifier } from '../../src/index.ts';

const cronExpression = z.string().refine((value) => cron.validate(value), 'must be a node-cron expression');

/** The images plugin's configuration (config/plugins.json, key `images`); the main limits are environment variables. */
export const imagesConfigSchema = z.object({
  /**
   * When stored variants are brought within IMAGE_VARIANT_BUDGET_MB (once across instances). Each
   * new variant already is; this catches a lowered budget and what a failed removal left behind.
   */
  variantBudgetSchedule: cronExpression,
  /** A variant's last use is written at most this often: serving a cached one should not mean a write. */
  variantTouchSeconds: z.number().int().min(0),
});
export type ImagesConfig = z.output<typeof imagesConfigSchema>;

export const imagesConfigDefaults: ImagesConfig = {
  variantBudgetSchedule: '45 * * * *',
  variantTouchSeconds: 60,
};

/** Internal: the resolved configuration, bound in `init`. */
export const IMAGES_CONFIG = Symbol.for('images.config') as ServiceIdentifier<ImagesConfig>;
