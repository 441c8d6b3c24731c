import { ApiRouter } from '../../src/index.ts';
import type { TagService } from '../tags/tag.service.ts';
import type { MediaAssetService } from './media-asset.service.ts';
import { tagAssetsQuery, tagAssetsResponse, tagCountResponse, tagIdParams } from './media-asset.schemas.ts';

/** The media side of a tag: which assets carry it, and how many. */
export function createTagAssetRoutes({ media, tags }: { media: MediaAssetService; tags: TagService }): ApiRouter {
  return new ApiRouter({ grant: 'media-library' })
    .route(
      {
        method: 'get',
        path: '/api/tags/:tag_id/assets',
        summary: 'Ids of the media assets with a tag',
        description: 'Media assets only, as the media spec defines it. Image assets with a tag: `GET /api/v1/projects/{project_id}/assets?tags={name}`.',
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
        summary: 'Number of media assets with a tag, and of every kind of record that carries it',
        description:
          '`count` is the number of media assets, as the media spec defines it. Tags are shared with image assets: `by_kind` counts each kind ' +
          'that carries the tag, image assets only within the key’s projects.',
        tags: ['tags'],
        params: tagIdParams,
        responses: { 200: { description: 'The counts', schema: tagCountResponse }, 404: { description: 'No such tag' } },
      },
      async ({ params, principal }) => {
        const byKind = await tags.usage(params.tag_id, principal);
        return { tag_id: params.tag_id, count: byKind.media_assets ?? 0, by_kind: byKind };
      },
    );
}
