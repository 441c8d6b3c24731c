import type { SearchPage, SearchQuery } from '../../src/index.ts';
import type { IndexSettings, SearchDocument, SearchEngine } from '../search/tokens.ts';
import { EmbeddedIndex } from './embedded-index.ts';

/**
 * An in-process engine on MiniSearch: typo tolerance, prefix matching and BM25 ranking with no
 * server to run. Its indexes live in this process's memory, so it serves a single instance and
 * is rebuilt from the database at every start.
 */
export class EmbeddedSearchEngine implements SearchEngine {
  readonly name = 'embedded';
  readonly inProcess = true;
  private readonly indexes = new Map<string, EmbeddedIndex>();

  async applySettings(settings: IndexSettings): Promise<void> {
    const existing = this.indexes.get(settings.name);
    if (!existing || JSON.stringify(existing.settings) !== JSON.stringify(settings)) {
      this.indexes.set(settings.name, new EmbeddedIndex(settings));
    }
  }

  async upsert(indexName: string, documents: SearchDocument[]): Promise<void> {
    this.index(indexName).upsert(documents);
  }

  async delete(indexName: string, ids: string[]): Promise<void> {
    this.index(indexName).delete(ids);
  }

  async search(indexName: string, query: SearchQuery): Promise<SearchPage> {
    return this.index(indexName).search(query);
  }

  async rebuild(settings: IndexSettings, batches: AsyncIterable<SearchDocument[]>): Promise<void> {
    const fresh = new EmbeddedIndex(settings);
    for await (const batch of batches) fresh.upsert(batch);
    this.indexes.set(settings.name, fresh);
  }

  async health(): Promise<void> {}

  private index(name: string): EmbeddedIndex {
    const index = this.indexes.get(name);
    if (!index) throw new Error(`The embedded engine has no index "${name}".`);
    return index;
  }
}
