import { z } from '../../src/index.ts';
import { imageAssetSchema } from '../image-assets/image-asset.schemas.ts';
import { MAX_SEARCH_LIMIT, MAX_SEARCH_OFFSET } from './query-words.ts';

export const ASSET_SEARCH_FIELDS = ['name', 'description', 'tags'] as const;

export const assetSearchParams = z.object({ project_id: z.string().min(1).max(100) });

export const assetSearchQuery = z.object({
  q: z.string().trim().min(1, 'must not be empty').max(500),
  fields: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === '') return undefined;
      const fields = [...new Set(value.split(',').map((f) => f.trim()).filter(Boolean))];
      const unknown = fields.filter((f) => !(ASSET_SEARCH_FIELDS as readonly string[]).includes(f));
      if (unknown.length > 0) ctx.addIssue({ code: 'custom', message: `must be a comma-separated list of ${ASSET_SEARCH_FIELDS.join(', ')} (got ${unknown.join(', ')})` });
      return fields;
    })
    .meta({ description: 'Comma-separated: name, description, tags. Default: all three.' }),
  fuzzy: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true')
    .meta({ description: 'Tolerate typos and match word prefixes. Default false: whole words only.' }),
  limit: z.coerce.number().int().min(1).max(MAX_SEARCH_LIMIT).default(50),
  offset: z.coerce.number().int().min(0).max(MAX_SEARCH_OFFSET).default(0),
});

export const assetSearchResponse = z.object({
  assets: z.array(imageAssetSchema.extend({ relevance_score: z.number().min(0).max(1) })),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
  has_more: z.boolean(),
  degraded: z.boolean().meta({ description: 'True when the search engine was unreachable and a plain database query answered.' }),
});
