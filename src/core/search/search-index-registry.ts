/** A filter value: equality (on an array attribute, "contains"); a list means "any of". */
export type SearchFilterValue = string | number | boolean | Array<string | number | boolean>;

/** One search, as the search plugin and an index's database fallback both understand it. */
export interface SearchQuery {
  /** Words to find; never empty. */
  q: string;
  /** Searchable attributes to look in; all of them when absent. */
  fields?: string[];
  /** Tolerate typos (and match word prefixes); false finds whole words only. */
  fuzzy: boolean;
  /** Filters on filterable attributes, all of which must hold. */
  filters?: Record<string, SearchFilterValue>;
  /** Filterable attributes to count values of over every hit (not only the page). */
  facets?: string[];
  limit: number;
  offset: number;
}

/** A page of matching document ids, best first, with a relevance score in [0, 1]. */
export interface SearchPage {
  hits: Array<{ id: string; relevanceScore: number }>;
  total: number;
  /** Per asked facet, how many hits hold each value (values that differ only in case or accents count as one). */
  facets?: Record<string, FacetCount[]>;
}

export interface FacetCount {
  value: string;
  count: number;
}

/** A kind of document kept in the search engine (image assets, media assets, ...). */
export interface SearchIndexDefinition<TDoc extends { id: string } = { id: string } & Record<string, unknown>> {
  /** Index name, e.g. `image-assets`. */
  name: string;
  searchableAttributes: string[];
  filterableAttributes: string[];
  sortableAttributes?: string[];
  /** A filterable attribute no query sees across (e.g. project_id): relevance statistics are kept per partition. */
  partitionAttribute?: string;
  /** Reads every document from the database, in batches, for a full rebuild. */
  loadAll(batchSize: number): AsyncIterable<TDoc[]>;
  /** Reads the current documents for these ids; missing ids mean the documents are deleted. */
  loadByIds(ids: string[]): Promise<TDoc[]>;
  /** How many documents loadAll will yield (shown as progress during a rebuild). */
  count?(): Promise<number>;
  /**
   * A plain database query answering while the engine is unreachable (degraded mode).
   * Without it, search fails with 503 while the engine is down.
   */
  fallbackSearch?(query: SearchQuery): Promise<SearchPage>;
}

/** Collects the search indexes that plugins define; the search plugin owns the engine that serves them. */
export class SearchIndexRegistry {
  private readonly indexes = new Map<string, SearchIndexDefinition>();

  define<TDoc extends { id: string }>(definition: SearchIndexDefinition<TDoc>): void {
    if (this.indexes.has(definition.name)) throw new Error(`Search index "${definition.name}" is defined twice.`);
    this.indexes.set(definition.name, definition as unknown as SearchIndexDefinition);
  }

  get(name: string): SearchIndexDefinition | undefined {
    return this.indexes.get(name);
  }

  all(): SearchIndexDefinition[] {
    return [...this.indexes.values()];
  }
}
