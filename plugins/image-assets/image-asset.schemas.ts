import { nullableLinkSchema, z } from '../../src/index.ts';

export const ASSET_SORT_FIELDS = ['created_at', 'updated_at', 'name', 'generation_count'] as const;
export const MAX_TAGS_PER_ASSET = 50;

export const booleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

/** ISO 8601 only: a date (UTC midnight) or a date-time with Z or an offset. Anything else is a 400. */
export const isoQuery = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], { error: 'must be an ISO 8601 date or date-time with a time zone' })
  .transform((v) => new Date(v));

export const projectParams = z.object({ project_id: z.string().min(1).max(100) });
export const assetParams = z.object({ asset_id: z.string() });

const tagName = z.string().trim().min(1).max(100);
export const tagList = z.array(tagName).max(MAX_TAGS_PER_ASSET);
const metadata = z.record(z.string(), z.unknown());

export const listAssetsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
  search: z.string().trim().max(200).optional(),
  tags: z
    .string()
    .max(2000)
    .optional()
    .transform((v) => (v ? [...new Set(v.split(',').map((t) => t.trim()).filter(Boolean))] : [])),
  has_generations: booleanQuery.optional(),
  created_after: isoQuery.optional(),
  created_before: isoQuery.optional(),
  sort_by: z.enum(ASSET_SORT_FIELDS).default('created_at'),
  sort_order: z.enum(['asc', 'desc']).default('desc'),
});
export type ListAssetsQuery = z.output<typeof listAssetsQuery>;

export const getAssetQuery = z.object({ include_generations: booleanQuery.default(true) });
export const deleteAssetQuery = z.object({ force: booleanQuery.default(false) });

export const createAssetBody = z.strictObject({
  name: z.string().trim().min(1).max(255),
  description: z.string().max(10000).default(''),
  tags: tagList.default([]),
  metadata: metadata.default({}),
});
export type CreateAssetInput = z.output<typeof createAssetBody>;

export const updateAssetBody = z.strictObject({
  name: z.string().trim().min(1).max(255).optional(),
  description: z.string().max(10000).optional(),
  tags: tagList.optional(),
  metadata: metadata.optional(),
});
export type UpdateAssetInput = z.output<typeof updateAssetBody>;

export const generationSchema = z.object({
  id: z.uuid(),
  asset_id: z.uuid(),
  image_path: z.string().nullable().describe('The stored image’s name on this server, `images/{image_id}.{format}`; null until an image is uploaded'),
  // A client may record any URL (a relative one too) until an image is uploaded here.
  image_url: nullableLinkSchema.openapi({ format: 'uri-reference', description: 'Signed, absolute URL of the uploaded image; before an upload, the URL the client recorded' }),
  parameters: metadata,
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
  status: z.enum(['pending', 'generating', 'completed', 'failed', 'cancelled']),
  is_favorite: z.boolean(),
  file_size: z.number().int().nullable(),
  dimensions: z.object({ width: z.number().int(), height: z.number().int() }).nullable(),
  format: z.string().nullable(),
  metadata,
});

export const imageAssetSchema = z.object({
  id: z.uuid(),
  project_id: z.string(),
  name: z.string(),
  description: z.string(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
  thumbnail: nullableLinkSchema,
  favorite_generation_id: z.uuid().nullable(),
  tags: z.array(z.string()),
  metadata,
  file_size: z.number().int().describe('Sum of the file sizes of its generations'),
  total_generations: z.number().int(),
});

export const imageAssetWithGenerationsSchema = imageAssetSchema.extend({ generations: z.array(generationSchema).optional() });

export const assetListResponse = z.object({
  assets: z.array(imageAssetSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
  has_more: z.boolean(),
});

export const tagCountsResponse = z.object({ tags: z.array(z.object({ name: z.string(), count: z.number().int() })) });
