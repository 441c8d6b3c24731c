import type { ServiceIdentifier } from '../../src/index.ts';
import type { SearchEngineRegistry } from './search-engine-registry.ts';
import type { SearchService } from './search.service.ts';
import type { OutboxWorker } from './outbox-worker.ts';

/** The search plugin's public API: other plugins inject these. */
export const SEARCH = {
  /** `search(indexName, query)` for any plugin; answers from the database when the engine is down. */
  service: Symbol.for('search.service') as ServiceIdentifier<SearchService>,
  /** Where engine backends contribute themselves during init. */
  engines: Symbol.for('search.engines') as ServiceIdentifier<SearchEngineRegistry>,
  /** Drains the search outbox to the engine. */
  outboxWorker: Symbol.for('search.outboxWorker') as ServiceIdentifier<OutboxWorker>,
  /** This plugin's resolved configuration. */
  config: Symbol.for('search.config') as ServiceIdentifier<SearchConfig>,
};

export interface SearchConfig {
  /** Engine override; by default Meilisearch when MEILISEARCH_URL is set, else the embedded engine. */
  engine?: string;
  drainIntervalMs: number;
  drainBatchSize: number;
  drainSchedule: string;
  retryBaseMs: number;
  retryMaxMs: number;
  reindexSchedule: string;
  rebuildBatchSize: number;
}

export type { SearchEngine, SearchEngineBackend, SearchDocument, IndexSettings } from './search-engine.ts';
export type { SearchResult } from './search.service.ts';
export type { FacetCount, SearchFilterValue, SearchPage, SearchQuery } from '../../src/index.ts';
