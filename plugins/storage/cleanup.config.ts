import cron from 'node-cron';
import { z, type ServiceIdentifier } from '../../src/index.ts';

const cronExpression = z.string().refine((value) => cron.validate(value), 'must be a node-cron expression');

/** The storage plugin's configuration (config/plugins.json, key `storage`). */
export const storageConfigSchema = z.object({
  /** When the cleanup job runs (once across all instances). */
  cleanupSchedule: cronExpression,
  /** How long an unreferenced file, or an object without a row, is kept before cleanup removes it. */
  cleanupGraceHours: z.number().min(0),
});
export type StorageConfig = z.output<typeof storageConfigSchema>;

export const storageConfigDefaults: StorageConfig = {
  cleanupSchedule: '30 3 * * *',
  cleanupGraceHours: 24,
};

/** Internal: the resolved configuration, bound in `init` for the cleanup service. */
export const STORAGE_CONFIG = Symbol.for('storage.config') as ServiceIdentifier<StorageConfig>;
