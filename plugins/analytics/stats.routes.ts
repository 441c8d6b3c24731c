import { ApiRouter, z } from '../../src/index.ts';
import type { StatsService } from './stats.service.ts';
import { assetStatsResponse, projectStatsResponse } from './stats.schemas.ts';

const TAGS = ['statistics'];

export function createStatsRoutes({ stats }: { stats: StatsService }): ApiRouter {
  return new ApiRouter({ groups: { statistics: 'Counts and storage use per project and per asset.' } })
    .route(
      {
        method: 'get',
        path: '/api/v1/projects/:project_id/stats',
        summary: "A project's asset and generation statistics",
        tags: TAGS,
        params: z.object({ project_id: z.string().min(1).max(100) }),
        responses: { 200: { description: 'Statistics', schema: projectStatsResponse } },
      },
      ({ params, principal }) => stats.projectStats(principal, params.project_id),
    )
    .route(
      {
        method: 'get',
        path: '/api/v1/assets/:asset_id/stats',
        summary: "An asset's generation statistics and chronological history",
        tags: TAGS,
        params: z.object({ asset_id: z.string() }),
        responses: { 200: { description: 'Statistics', schema: assetStatsResponse } },
      },
      ({ params, principal }) => stats.assetStats(principal, params.asset_id),
    );
}
