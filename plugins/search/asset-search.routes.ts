import { ApiRouter, assertProjectAccess } from '../../src/index.ts';
import type { ImageAssetService } from '../image-assets/image-asset.service.ts';
import { IMAGE_ASSETS_INDEX } from '../image-assets/tokens.ts';
import { assetSearchParams, assetSearchQuery, assetSearchResponse, PARAMETER_FILTERS } from './asset-search.schemas.ts';
import type { SearchService } from './search.service.ts';

export const DEGRADED_HEADER = 'Search-Degraded';

/** GET /api/v1/projects/:project_id/assets/search: relevance-ranked full-text search over image assets. */
export function createAssetSearchRoutes({ search, assets }: { search: SearchService; assets: () => ImageAssetService }): ApiRouter {
  return new ApiRouter({ groups: { search: 'Relevance-ranked, typo-tolerant search over a project’s image assets.' } }).route(
    {
      method: 'get',
      path: '/api/v1/projects/:project_id/assets/search',
      summary: "Search a project's assets by relevance",
      description:
        'Full-text search over name, description, tags and the prompts and negative prompts of the asset’s generations, best match first, with `relevance_score` in [0, 1]. ' +
        'Filters on generation parameters (model, sampler, scheduler, source, lora, embedding, size) keep assets with a generation that has the value; `facets` counts the values over every match. ' +
        'All words must match, at most 10; punctuation only separates words (no phrase or negation syntax), and a query without a letter or digit finds nothing. `fuzzy=true` tolerates typos (one from 5 letters, two from 9) and matches word prefixes. ' +
        `When the search engine is unreachable the answer comes from a database query, with \`degraded: true\` and a \`${DEGRADED_HEADER}: true\` header; parameter filters and facets then answer 503.`,
      tags: ['search'],
      params: assetSearchParams,
      query: assetSearchQuery,
      responses: { 200: { description: 'A page of matching assets, best first', schema: assetSearchResponse } },
    },
    async ({ params, query, principal, res }) => {
      assertProjectAccess(principal, params.project_id);
      const filters: Record<string, string | string[]> = { project_id: params.project_id };
      for (const [name, attribute] of Object.entries(PARAMETER_FILTERS)) {
        const wanted = query[name as keyof typeof PARAMETER_FILTERS];
        if (wanted) filters[attribute] = wanted;
      }
      const result = await search.search(IMAGE_ASSETS_INDEX, {
        q: query.q,
        fields: query.fields,
        fuzzy: query.fuzzy,
        filters,
        ...(query.facets ? { facets: query.facets.map((name) => PARAMETER_FILTERS[name]) } : {}),
        limit: query.limit,
        offset: query.offset,
      });
      const views = await assets().viewsInProject(params.project_id, result.hits.map((hit) => hit.id));
      const scores = new Map(result.hits.map((hit) => [hit.id, hit.relevanceScore]));
      if (result.degraded) res.setHeader(DEGRADED_HEADER, 'true');
      return {
        // An asset deleted since the engine last heard of it is dropped here (viewsInProject skips it).
        assets: views.map((view) => ({ ...view, relevance_score: scores.get(view.id) ?? 0 })),
        total: result.total,
        limit: query.limit,
        offset: query.offset,
        has_more: query.offset + result.hits.length < result.total,
        ...(query.facets
          ? { facets: Object.fromEntries(query.facets.map((name) => [name, (result.facets?.[PARAMETER_FILTERS[name]] ?? []).slice(0, query.facet_limit)])) }
          : {}),
        degraded: result.degraded,
      };
    },
  );
}
