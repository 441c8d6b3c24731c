import { ApiRouter } from '../../src/index.ts';
import type { BulkAssetService } from './bulk.service.ts';
import { MAX_BULK_ITEMS } from './bulk.service.ts';
import { bulkCreateBody, bulkCreateResponse, bulkDeleteBody, bulkDeleteResponse, bulkTagsBody, bulkTagsResponse } from './bulk.schemas.ts';
import { projectParams } from './image-asset.schemas.ts';

const TAGS = ['image assets: bulk'];
const EACH = `Each item succeeds or fails on its own, with its reason. At most ${MAX_BULK_ITEMS} items; an empty or larger batch is a 400.`;

export function createBulkRoutes({ bulk }: { bulk: BulkAssetService }): ApiRouter {
  return new ApiRouter({ groups: { 'image assets: bulk': 'Many assets at once; each item succeeds or fails on its own.' } })
    .route(
      {
        method: 'post',
        path: '/api/v1/projects/:project_id/assets/bulk',
        summary: 'Create many assets',
        description: EACH,
        tags: TAGS,
        params: projectParams,
        body: bulkCreateBody,
        status: 200,
        responses: { 200: { description: 'What was created and what failed', schema: bulkCreateResponse } },
      },
      ({ params, body, principal }) => bulk.create(principal, params.project_id, body.assets),
    )
    .route(
      {
        method: 'delete',
        path: '/api/v1/projects/:project_id/assets/bulk',
        summary: 'Delete many assets',
        description: `${EACH} An asset with generations needs force=true.`,
        tags: TAGS,
        params: projectParams,
        body: bulkDeleteBody,
        responses: { 200: { description: 'What was deleted and what failed', schema: bulkDeleteResponse } },
      },
      ({ params, body, principal }) => bulk.delete(principal, params.project_id, body.asset_ids, body.force),
    )
    .route(
      {
        method: 'put',
        path: '/api/v1/assets/bulk/tags',
        summary: 'Add, remove or replace tags on many assets',
        description: EACH,
        tags: TAGS,
        body: bulkTagsBody,
        responses: { 200: { description: 'How many assets changed, and what failed', schema: bulkTagsResponse } },
      },
      ({ body, principal }) => bulk.updateTags(principal, body.asset_ids, body.operation, body.tags),
    );
}
