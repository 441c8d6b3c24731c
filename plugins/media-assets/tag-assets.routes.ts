import { ApiRouter } from '../../src/index.ts';
import type { MediaAssetService } from './media-asset.service.ts';
import { tagAssetsQuery, tagAssetsResponse, tagCountResponse, tagIdParams } from './media-asset.schemas.ts';

/** The media side of a tag: which assets carry it, and how many. */
export function createTagAssetRoutes({ media }: { media: MediaAssetService }): ApiRouter {
  return new ApiRouter({ grant: 'media-library' })
    .route(
      {
        method: 'get',
        path: '/api/tags/:tag_id/assets',
        summary: 'Ids of the media assets with a tag',
        tags: ['tags'],
        params: tagIdParams,
        query: tagAssetsQuery,
        responses: { 200: { description: 'A page of media asset ids', schema: tagAssetsResponse }, 404: { description: 'No such tag' } },
      },
      async ({ params, query }) => ({ tag_id: params.tag_id, ...(await media.assetIdsForTag(params.tag_id, query.skip, query.limit)), skip: query.skip, limit: query.limit }),
    )
    .route(
      {
        method: 'get',
        path: '/api/tags/:tag_id/count',
        summary: 'Number of media assets with a tag',
        tags: ['tags'],
        params: tagIdParams,
        responses: { 200: { description: 'The count', schema: tagCountResponse }, 404: { description: 'No such tag' } },
      },
      async ({ params }) => ({ tag_id: params.tag_id, count: await media.countForTag(params.tag_id) }),
    );
}
