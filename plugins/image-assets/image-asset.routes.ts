import { ApiRouter } from '../../src/index.ts';
import type { Sequelize } from 'sequelize';
import type { ImageAssetService } from './image-asset.service.ts';
import { listProjects, listProjectsQuery, projectListResponse } from './project-list.ts';
import {
  assetListResponse,
  assetParams,
  createAssetBody,
  deleteAssetQuery,
  getAssetQuery,
  imageAssetSchema,
  imageAssetWithGenerationsSchema,
  listAssetsQuery,
  projectParams,
  tagCountsResponse,
  updateAssetBody,
} from './image-asset.schemas.ts';

const TAGS = ['image assets'];

export function createImageAssetRoutes({ assets, sequelize }: { assets: ImageAssetService; sequelize: Sequelize }): ApiRouter {
  return new ApiRouter({ groups: { 'image assets': 'Project-scoped image assets with tags and metadata, and the projects a key may see.' } })
    .route(
      {
        method: 'get',
        path: '/api/v1/projects',
        summary: 'List the projects this key may see, with their asset counts',
        description: 'A key limited to projects lists exactly those (with zero counts where there are no assets yet); other keys list every project that has an asset, ordered by id.',
        tags: TAGS,
        query: listProjectsQuery,
        responses: { 200: { description: 'A page of projects', schema: projectListResponse } },
      },
      ({ query, principal }) => listProjects(sequelize, principal, query),
    )
    .route(
      {
        method: 'get',
        path: '/api/v1/projects/:project_id/assets',
        summary: "List a project's assets",
        description:
          '`search` is a case-insensitive substring match on name and description run in the database, so `total` and paging are exact ' +
          '(relevance-ranked full-text search is `/assets/search`). `tags` keeps assets carrying every listed tag. ' +
          '`created_after` (inclusive) and `created_before` (exclusive) take ISO 8601 dates or date-times with a time zone.',
        tags: TAGS,
        params: projectParams,
        query: listAssetsQuery,
        responses: { 200: { description: 'A page of assets', schema: assetListResponse } },
      },
      ({ params, query, principal }) => assets.list(principal, params.project_id, query),
    )
    .route(
      {
        method: 'post',
        path: '/api/v1/projects/:project_id/assets',
        summary: 'Create an asset',
        tags: TAGS,
        params: projectParams,
        body: createAssetBody,
        responses: { 201: { description: 'The created asset', schema: imageAssetSchema } },
      },
      ({ params, body, principal }) => assets.create(principal, params.project_id, body),
    )
    .route(
      {
        method: 'get',
        path: '/api/v1/projects/:project_id/tags',
        summary: "Tags used by a project's assets, with their counts",
        tags: TAGS,
        params: projectParams,
        responses: { 200: { description: 'Tags, most used first', schema: tagCountsResponse } },
      },
      ({ params, principal }) => assets.tagCounts(principal, params.project_id),
    )
    .route(
      {
        method: 'get',
        path: '/api/v1/assets/:asset_id',
        summary: 'Get an asset, with its generations unless include_generations=false',
        tags: TAGS,
        params: assetParams,
        query: getAssetQuery,
        responses: { 200: { description: 'The asset', schema: imageAssetWithGenerationsSchema } },
      },
      ({ params, query, principal }) => assets.get(principal, params.asset_id, query.include_generations),
    )
    .route(
      {
        method: 'put',
        path: '/api/v1/assets/:asset_id',
        summary: 'Update an asset (the fields given; tags are replaced)',
        tags: TAGS,
        params: assetParams,
        body: updateAssetBody,
        responses: { 200: { description: 'The updated asset', schema: imageAssetSchema } },
      },
      ({ params, body, principal }) => assets.update(principal, params.asset_id, body),
    )
    .route(
      {
        method: 'delete',
        path: '/api/v1/assets/:asset_id',
        summary: 'Delete an asset; one with generations needs force=true (409 otherwise)',
        tags: TAGS,
        params: assetParams,
        query: deleteAssetQuery,
        responses: { 204: { description: 'Deleted' }, 409: { description: 'The asset has generations and force=true was not given' } },
      },
      ({ params, query, principal }) => assets.delete(principal, params.asset_id, query.force),
    );
}
