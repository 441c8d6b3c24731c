import { z } from '../../src/index.ts';

export const projectStatsResponse = z.object({
  total_assets: z.number().int(),
  total_generations: z.number().int(),
  generations_by_status: z.record(z.string(), z.number().int()).describe('Every status, zeros included'),
  storage_used: z.number().int().describe('Bytes, the sum of the generations’ files'),
  most_used_tags: z.array(z.string()),
  generation_trends: z.object({
    daily: z.array(z.object({ date: z.iso.date(), count: z.number().int() })).describe('The last 30 UTC days, oldest first, every day present'),
    models_used: z.record(z.string(), z.number().int()).describe('Generations per parameters.model'),
  }),
});

export const assetStatsResponse = z.object({
  total_generations: z.number().int(),
  successful_generations: z.number().int(),
  failed_generations: z.number().int(),
  favorite_generation_id: z.string().nullable(),
  total_file_size: z.number().int(),
  generation_history: z.array(
    z.object({
      id: z.uuid(),
      status: z.string(),
      model: z.string().nullable(),
      is_favorite: z.boolean(),
      file_size: z.number().int().nullable(),
      created_at: z.iso.datetime(),
    }),
  ),
});
