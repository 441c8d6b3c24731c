/** A kind of document kept in the search engine (image assets, media assets, ...). */
export interface SearchIndexDefinition<TDoc extends { id: string } = { id: string } & Record<string, unknown>> {
  /** Index name, e.g. `image-assets`. */
  name: string;
  searchableAttributes: string[];
  filterableAttributes: string[];
  sortableAttributes?: string[];
  /** Reads every document from the database, in batches, for a full rebuild. */
  loadAll(batchSize: number): AsyncIterable<TDoc[]>;
  /** Reads the current documents for these ids; missing ids mean the documents are deleted. */
  loadByIds(ids: string[]): Promise<TDoc[]>;
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
