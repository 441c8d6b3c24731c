import { ApiRouter } from '../../src/index.ts';
import type { TagService } from './tag.service.ts';
import { createTagBody, tagIdParams, tagListQuery, tagListResponse, tagResponse, updateTagBody } from './tag.schemas.ts';

const TAGS_GROUP = ['tags'];

export function createTagRoutes({ tags }: { tags: TagService }): ApiRouter {
  return new ApiRouter({ grant: 'media-library', groups: { tags: 'The colour-coded tag vocabulary shared by the media library and image assets.' } })
    .route(
      {
        method: 'get',
        path: '/api/tags',
        summary: 'List tags',
        description: '`search` matches part of the name or description with a database LIKE query, regardless of case.',
        tags: TAGS_GROUP,
        query: tagListQuery,
        responses: { 200: { description: 'A page of tags', schema: tagListResponse } },
      },
      ({ query }) => tags.list(query),
    )
    .route(
      {
        method: 'post',
        path: '/api/tags',
        summary: 'Create a tag',
        description: 'Names are unique regardless of case (409 on a duplicate). Colour is `#RGB` or `#RRGGBB`.',
        tags: TAGS_GROUP,
        body: createTagBody,
        responses: { 201: { description: 'The created tag', schema: tagResponse }, 409: { description: 'A tag with that name exists' } },
      },
      ({ body }) => tags.create(body),
    )
    .route(
      {
        method: 'get',
        path: '/api/tags/:tag_id',
        summary: 'Get a tag',
        tags: TAGS_GROUP,
        params: tagIdParams,
        responses: { 200: { description: 'The tag', schema: tagResponse }, 404: { description: 'No such tag' } },
      },
      ({ params }) => tags.get(params.tag_id),
    )
    .route(
      {
        method: 'put',
        path: '/api/tags/:tag_id',
        summary: 'Update a tag',
        description: 'A rename applies everywhere the tag is used. `null` clears the description or colour.',
        tags: TAGS_GROUP,
        params: tagIdParams,
        body: updateTagBody,
        responses: {
          200: { description: 'The updated tag', schema: tagResponse },
          404: { description: 'No such tag' },
          409: { description: 'Another tag has that name' },
        },
      },
      ({ params, body }) => tags.update(params.tag_id, body),
    )
    .route(
      {
        method: 'delete',
        path: '/api/tags/:tag_id',
        summary: 'Delete a tag',
        description: 'Removes the tag and its associations; the tagged assets stay.',
        tags: TAGS_GROUP,
        params: tagIdParams,
        responses: { 204: { description: 'Deleted' }, 404: { description: 'No such tag' } },
      },
      async ({ params }) => {
        await tags.remove(params.tag_id);
      },
    );
}
