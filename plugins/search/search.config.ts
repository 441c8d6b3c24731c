import { z } from '../../src/index.ts';
import cron from 'node-cron';

const cronExpression = z.string().refine((value) => cron.validate(value), 'must be a node-cron expression');

export const searchConfigSchema = z.object({
  /** Name of a contributed engine; default: `meilisearch` when MEILISEARCH_URL is set, else `embedded`. */
  engine: z.string().min(1).optional(),
  /** How often the outbox is drained in the background; 0 turns the loop off (the scheduled drain still runs). */
  drainIntervalMs: z.number().int().min(0).max(600_000),
  drainBatchSize: z.number().int().min(1).max(5000),
  /** A slower safety-net drain through the job scheduler. */
  drainSchedule: cronExpression,
  /** First retry delay after a failed delivery; doubles with each attempt up to retryMaxMs. */
  retryBaseMs: z.number().int().min(1),
  retryMaxMs: z.number().int().min(1),
  /** Full rebuild from the database. */
  reindexSchedule: cronExpression,
  rebuildBatchSize: z.number().int().min(1).max(100_000),
});

export const searchConfigDefaults = {
  drainIntervalMs: 500,
  drainBatchSize: 500,
  drainSchedule: '* * * * *',
  retryBaseMs: 1000,
  retryMaxMs: 5 * 60_000,
  reindexSchedule: '17 3 * * *',
  rebuildBatchSize: 2000,
};
