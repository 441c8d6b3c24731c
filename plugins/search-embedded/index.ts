import { definePlugin } from '../../src/index.ts';
import { SEARCH } from '../search/tokens.ts';
import { EmbeddedSearchEngine } from './embedded-search-engine.ts';

/** The default search engine (MEILISEARCH_URL unset): in-process MiniSearch, single-instance only. */
export default definePlugin({
  id: 'search-embedded',
  init({ container }) {
    container.get(SEARCH.engines).contribute({ name: 'embedded', create: () => new EmbeddedSearchEngine() });
  },
});
