import type { SearchPage, SearchQuery } from '../../src/index.ts';

/** What an engine needs to know about an index: its name and which attributes do what. */
export interface IndexSettings {
  name: string;
  searchableAttributes: string[];
  filterableAttributes: string[];
  sortableAttributes: string[];
  /**
   * A filterable attribute that splits the index into partitions no query sees across (image
   * assets: project_id). Engines whose scores use corpus statistics compute them over the
   * partitions a query filters to, so a score never depends on documents the caller cannot see.
   */
  partitionAttribute?: string;
}

export type SearchDocument = { id: string } & Record<string, unknown>;

/**
 * The search port. Implementations are named for their technology (EmbeddedSearchEngine,
 * MeilisearchEngine); the search plugin talks to whichever one is configured.
 */
export interface SearchEngine {
  readonly name: string;
  /** True when the index lives in this process's memory, so each instance rebuilds it at start. */
  readonly inProcess: boolean;
  /** Creates the index if needed and applies its attribute settings. */
  applySettings(settings: IndexSettings): Promise<void>;
  /** Adds or replaces documents by id (so delivering twice is harmless). */
  upsert(indexName: string, documents: SearchDocument[]): Promise<void>;
  delete(indexName: string, ids: string[]): Promise<void>;
  /** Hits best first, with relevance scores in [0, 1], and the exact total. */
  search(indexName: string, query: SearchQuery): Promise<SearchPage>;
  /** Fills a fresh index from `batches` and swaps it in, so searches keep answering meanwhile. */
  rebuild(settings: IndexSettings, batches: AsyncIterable<SearchDocument[]>): Promise<void>;
  /** Throws when the engine cannot serve. */
  health(): Promise<void>;
  close?(): Promise<void>;
}

/** A backend plugin contributes one of these during init; the search plugin creates the chosen one in start. */
export interface SearchEngineBackend {
  name: string;
  create(): SearchEngine;
}
