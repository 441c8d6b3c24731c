import { z } from '../../src/index.ts';
import { GENERATION_STATUSES } from './generation.model.ts';
import { booleanQuery, generationSchema } from './image-asset.schemas.ts';

export const generationStatus = z.enum(GENERATION_STATUSES);
export const generationParams = z.object({ generation_id: z.string() });

export const listGenerationsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(20),
  offset: z.coerce.number().int().min(0).default(0),
  status: generationStatus.optional(),
  is_favorite: booleanQuery.optional(),
});
export type ListGenerationsQuery = z.output<typeof listGenerationsQuery>;

const metadata = z.record(z.string(), z.unknown());

export const createGenerationBody = z.strictObject({
  // Any parameters are kept; `model`, when given, must be a name (it feeds models_used).
  parameters: z.looseObject({ model: z.string().trim().min(1).max(200).optional() }).default({}),
  status: generationStatus.default('pending'),
  metadata: metadata.default({}),
});
export type CreateGenerationInput = z.output<typeof createGenerationBody>;

export const updateGenerationBody = z.strictObject({
  status: generationStatus.optional(),
  is_favorite: z.boolean().optional(),
  image_path: z
    .string()
    .max(1000)
    .nullable()
    .optional()
    .describe('Read-only: accepted only unchanged, so a client may send a generation back as it read it. Upload an image to set it.'),
  metadata: metadata.optional(),
});
export type UpdateGenerationInput = z.output<typeof updateGenerationBody>;

export const generationListResponse = z.object({
  generations: z.array(generationSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});
