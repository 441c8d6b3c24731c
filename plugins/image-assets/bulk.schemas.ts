import { z } from '../../src/index.ts';
import { MAX_BULK_ITEMS } from './bulk.service.ts';
import { imageAssetSchema, tagList } from './image-asset.schemas.ts';

const assetIds = z.array(z.string().max(100)).min(1).max(MAX_BULK_ITEMS);
const itemFailure = z.object({ asset_id: z.string(), error: z.string() });

// Items are checked one by one, so one bad item fails alone instead of refusing the batch.
export const bulkCreateBody = z.strictObject({ assets: z.array(z.unknown()).min(1).max(MAX_BULK_ITEMS) });

export const bulkCreateResponse = z.object({
  created: z.array(imageAssetSchema),
  failed: z.array(
    z.object({
      index: z.number().int(),
      error: z.string(),
      errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    }),
  ),
});

export const bulkDeleteBody = z.strictObject({ asset_ids: assetIds, force: z.boolean().default(false) });
export const bulkDeleteResponse = z.object({ deleted: z.array(z.string()), failed: z.array(itemFailure) });

export const bulkTagsBody = z.strictObject({
  asset_ids: assetIds,
  operation: z.enum(['add', 'remove', 'replace']),
  tags: tagList,
});
export const bulkTagsResponse = z.object({
  updated: z.number().int().describe('Assets whose tags changed'),
  failed: z.array(itemFailure),
});
