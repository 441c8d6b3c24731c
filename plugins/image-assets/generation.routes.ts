import { ApiRouter } from '../../src/index.ts';
import type { GenerationService } from './generation.service.ts';
import { createGenerationBody, generationListResponse, generationParams, listGenerationsQuery, updateGenerationBody } from './generation.schemas.ts';
import { assetParams, generationSchema } from './image-asset.schemas.ts';

const TAGS = ['generations'];

export function createGenerationRoutes({ generations }: { generations: GenerationService }): ApiRouter {
  return new ApiRouter({ groups: { generations: 'The generations of an asset: model, prompt, seed and status, favourites, and their images.' } })
    .route(
      {
        method: 'get',
        path: '/api/v1/assets/:asset_id/generations',
        summary: "List an asset's generations, newest first",
        tags: TAGS,
        params: assetParams,
        query: listGenerationsQuery,
        responses: { 200: { description: 'A page of generations', schema: generationListResponse } },
      },
      ({ params, query, principal }) => generations.list(principal, params.asset_id, query),
    )
    .route(
      {
        method: 'post',
        path: '/api/v1/assets/:asset_id/generations',
        summary: 'Create a generation',
        tags: TAGS,
        params: assetParams,
        body: createGenerationBody,
        responses: { 201: { description: 'The created generation', schema: generationSchema } },
      },
      ({ params, body, principal }) => generations.create(principal, params.asset_id, body),
    )
    .route(
      {
        method: 'get',
        path: '/api/v1/generations/:generation_id',
        summary: 'Get a generation',
        tags: TAGS,
        params: generationParams,
        responses: { 200: { description: 'The generation', schema: generationSchema } },
      },
      ({ params, principal }) => generations.get(principal, params.generation_id),
    )
    .route(
      {
        method: 'put',
        path: '/api/v1/generations/:generation_id',
        summary: 'Update a generation',
        description:
          'Status moves forward only: pending -> generating | completed | failed | cancelled, and generating -> completed | failed | cancelled. ' +
          'Moving back, or out of a final state (completed, failed, cancelled), is a 409 naming both states. ' +
          'is_favorite=true makes it the asset\'s only favourite.',
        tags: TAGS,
        params: generationParams,
        body: updateGenerationBody,
        responses: { 200: { description: 'The updated generation', schema: generationSchema }, 409: { description: 'The status cannot move from its current state to the one given' } },
      },
      ({ params, body, principal }) => generations.update(principal, params.generation_id, body),
    )
    .route(
      {
        method: 'delete',
        path: '/api/v1/generations/:generation_id',
        summary: 'Delete a generation',
        tags: TAGS,
        params: generationParams,
        responses: { 204: { description: 'Deleted' } },
      },
      ({ params, principal }) => generations.delete(principal, params.generation_id),
    )
    .route(
      {
        method: 'post',
        path: '/api/v1/generations/:generation_id/favorite',
        summary: "Make this the asset's favourite (clears the previous one)",
        tags: TAGS,
        params: generationParams,
        responses: { 200: { description: 'The generation', schema: generationSchema } },
      },
      ({ params, principal }) => generations.setFavorite(principal, params.generation_id, true),
    )
    .route(
      {
        method: 'delete',
        path: '/api/v1/generations/:generation_id/favorite',
        summary: 'Remove the favourite flag',
        tags: TAGS,
        params: generationParams,
        status: 200,
        responses: { 200: { description: 'The generation', schema: generationSchema } },
      },
      ({ params, principal }) => generations.setFavorite(principal, params.generation_id, false),
    );
}
