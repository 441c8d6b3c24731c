import { CORE, inject, injectable, InputError, UnavailableError } from '../../src/index.ts';
import type { SearchIndexDefinition, SearchIndexRegistry, SearchPage, SearchQuery } from '../../src/index.ts';
import type { Logger } from 'pino';
import type { IndexSettings, SearchDocument, SearchEngine } from './search-engine.ts';
import { MAX_QUERY_WORDS, MAX_SEARCH_LIMIT, MAX_SEARCH_OFFSET, queryWords } from './query-words.ts';
import { SEARCH, type SearchConfig } from './tokens.ts';

export interface SearchResult extends SearchPage {
  /** True when the engine could not answer and a plain database query did. */
  degraded: boolean;
}

export type RebuildProgress = (event: { indexName: string; done: number; total: number | null }) => void;

export function settingsOf(definition: SearchIndexDefinition): IndexSettings {
  return {
    name: definition.name,
    searchableAttributes: definition.searchableAttributes,
    filterableAttributes: definition.filterableAttributes,
    sortableAttributes: definition.sortableAttributes ?? [],
    ...(definition.partitionAttribute ? { partitionAttribute: definition.partitionAttribute } : {}),
  };
}

/** Searches, syncs and rebuilds the indexes plugins define, on the engine picked at start. */
@injectable()
export class SearchService {
  private current: SearchEngine | undefined;
  /** Ids synced while an index is being rebuilt: re-synced after the swap, which would otherwise drop them. */
  private readonly touchedDuringRebuild = new Map<string, Set<string>>();

  constructor(
    @inject(CORE.searchIndexes) private readonly indexes: SearchIndexRegistry,
    @inject(SEARCH.config) private readonly config: SearchConfig,
    @inject(CORE.logger) private readonly logger: Logger,
  ) {}

  attach(engine: SearchEngine): void {
    this.current = engine;
  }

  async close(): Promise<void> {
    await this.current?.close?.();
  }

  get engine(): SearchEngine {
    if (!this.current) throw new UnavailableError('The search engine has not started yet.');
    return this.current;
  }

  /** Searches one index; when the engine fails, answers from the index's database fallback and says so. */
  async search(indexName: string, asked: SearchQuery): Promise<SearchResult> {
    const definition = this.definition(indexName);
    this.validate(definition, asked);
    const words = queryWords(asked.q);
    // Without a letter or digit there is nothing to match; Meilisearch would answer every document.
    if (words.length === 0) return { total: 0, hits: [], degraded: false, ...(asked.facets ? { facets: Object.fromEntries(asked.facets.map((f) => [f, []])) } : {}) };
    // Every engine (and the fallback) gets the words alone, so none reads punctuation as syntax.
    const query = { ...asked, q: words.join(' ') };
    try {
      return { ...(await this.engine.search(indexName, query)), degraded: false };
    } catch (err) {
      if (!definition.fallbackSearch) throw new UnavailableError('Search is unavailable right now.', 5);
      this.logger.warn({ err, index: indexName }, 'search engine failed; answering from the database');
      return { ...(await definition.fallbackSearch(query)), degraded: true };
    }
  }

  async applySettings(): Promise<void> {
    for (const definition of this.indexes.all()) await this.engine.applySettings(settingsOf(definition));
  }

  /** Brings these documents in the engine up to date with the database (missing rows are deleted). */
  async sync(indexName: string, ids: string[]): Promise<void> {
    const definition = this.definition(indexName);
    const touched = this.touchedDuringRebuild.get(indexName);
    if (touched) ids.forEach((id) => touched.add(id));
    const documents = (await definition.loadByIds(ids)) as SearchDocument[];
    const found = new Set(documents.map((d) => d.id));
    const gone = ids.filter((id) => !found.has(id));
    if (documents.length > 0) await this.engine.upsert(indexName, documents);
    if (gone.length > 0) await this.engine.delete(indexName, gone);
  }

  /** Rebuilds every index (or one) from the database into a fresh index, swapped in when full. */
  async rebuild(options: { indexName?: string; onProgress?: RebuildProgress } = {}): Promise<{ indexName: string; documents: number; ms: number }[]> {
    const definitions = options.indexName ? [this.definition(options.indexName)] : this.indexes.all();
    const report = [];
    for (const definition of definitions) {
      const started = Date.now();
      const total = definition.count ? await definition.count() : null;
      let done = 0;
      const batchSize = this.config.rebuildBatchSize;
      const onProgress = options.onProgress;
      async function* counted(): AsyncIterable<SearchDocument[]> {
        for await (const batch of definition.loadAll(batchSize)) {
          yield batch as SearchDocument[];
          done += batch.length;
          onProgress?.({ indexName: definition.name, done, total });
        }
      }
      const touched = new Set<string>();
      this.touchedDuringRebuild.set(definition.name, touched);
      try {
        await this.engine.rebuild(settingsOf(definition), counted());
      } finally {
        this.touchedDuringRebuild.delete(definition.name);
      }
      if (touched.size > 0) await this.sync(definition.name, [...touched]);
      report.push({ indexName: definition.name, documents: done, ms: Date.now() - started });
    }
    return report;
  }

  definition(indexName: string): SearchIndexDefinition {
    const definition = this.indexes.get(indexName);
    if (!definition) throw new Error(`No search index named "${indexName}" is defined.`);
    return definition;
  }

  private validate(definition: SearchIndexDefinition, query: SearchQuery): void {
    if (query.q.trim() === '') throw InputError.field('query.q', 'must not be empty');
    const words = queryWords(query.q).length;
    if (words > MAX_QUERY_WORDS) throw InputError.field('query.q', `must have at most ${MAX_QUERY_WORDS} words (has ${words})`);
    if (query.offset > MAX_SEARCH_OFFSET) throw InputError.field('query.offset', `must be at most ${MAX_SEARCH_OFFSET}`);
    if (query.limit > MAX_SEARCH_LIMIT) throw InputError.field('query.limit', `must be at most ${MAX_SEARCH_LIMIT}`);
    for (const field of query.fields ?? []) {
      if (!definition.searchableAttributes.includes(field)) throw InputError.field('query.fields', `cannot search in ${field}`);
    }
    for (const field of Object.keys(query.filters ?? {})) {
      if (!definition.filterableAttributes.includes(field)) throw new Error(`Index "${definition.name}" cannot filter on "${field}".`);
    }
    for (const field of query.facets ?? []) {
      if (!definition.filterableAttributes.includes(field)) throw new Error(`Index "${definition.name}" cannot count facet "${field}" (facets must be filterable).`);
    }
  }
}
