import { definePlugin, z } from '../../src/index.ts';
import { SEARCH } from '../search/tokens.ts';
import { MeilisearchEngine } from './meilisearch-search-engine.ts';

/** Meilisearch as the search engine, chosen when MEILISEARCH_URL is set. Safe for several instances. */
export default definePlugin({
  id: 'search-meilisearch',
  config: {
    schema: z.object({
      indexPrefix: z.string().regex(/^[A-Za-z0-9_-]*$/, 'letters, digits, - and _ only').max(100),
      taskTimeoutMs: z.number().int().min(100),
    }),
    defaults: { indexPrefix: '', taskTimeoutMs: 120_000 },
  },
  init({ container, core, config }) {
    container.get(SEARCH.engines).contribute({
      name: 'meilisearch',
      create: () => {
        if (!core.search.meilisearchUrl) throw new Error('The meilisearch engine needs MEILISEARCH_URL.');
        return new MeilisearchEngine({ host: core.search.meilisearchUrl, apiKey: core.search.meilisearchApiKey, ...config });
      },
    });
  },
});
