import { randomBytes } from 'node:crypto';
import { Meilisearch, type EnqueuedTaskPromise, type SearchParams } from 'meilisearch';
import type { SearchPage, SearchQuery } from '../../src/index.ts';
import type { IndexSettings, SearchDocument, SearchEngine } from '../search/tokens.ts';
import { buildFilter, exactWordsQuery } from './meilisearch-filter.ts';

export interface MeilisearchEngineOptions {
  host: string;
  apiKey?: string;
  /** Prepended to every index uid, so several deployments (or test runs) can share a server. */
  indexPrefix: string;
  /** How long to wait for Meilisearch to finish a write task. */
  taskTimeoutMs: number;
}

/** Meilisearch through its official client: one index per document kind. */
export class MeilisearchEngine implements SearchEngine {
  readonly name = 'meilisearch';
  readonly inProcess = false;
  private readonly client: Meilisearch;
  private readonly settings = new Map<string, IndexSettings>();
  /** Indexes whose settings reached the server; others are (re)applied before their next use. */
  private readonly applied = new Set<string>();

  constructor(private readonly options: MeilisearchEngineOptions) {
    this.client = new Meilisearch({ host: options.host, apiKey: options.apiKey, timeout: 10_000 });
  }

  uid(indexName: string): string {
    return `${this.options.indexPrefix}${indexName}`;
  }

  async applySettings(settings: IndexSettings): Promise<void> {
    this.settings.set(settings.name, settings);
    this.applied.delete(settings.name);
    await this.ensureIndex(settings.name);
  }

  async upsert(indexName: string, documents: SearchDocument[]): Promise<void> {
    await this.ensureIndex(indexName);
    await this.finish(this.client.index(this.uid(indexName)).addDocuments(documents, { primaryKey: 'id' }));
  }

  async delete(indexName: string, ids: string[]): Promise<void> {
    await this.ensureIndex(indexName);
    await this.finish(this.client.index(this.uid(indexName)).deleteDocuments(ids));
  }

  async search(indexName: string, query: SearchQuery): Promise<SearchPage> {
    await this.ensureIndex(indexName);
    // Page mode gives an exact totalHits; an offset that is not a page boundary reads one larger page.
    const aligned = query.offset % query.limit === 0;
    const hitsPerPage = aligned ? query.limit : query.offset + query.limit;
    const params: SearchParams = {
      attributesToSearchOn: query.fields && query.fields.length > 0 ? query.fields : null,
      filter: buildFilter(query.filters),
      matchingStrategy: 'all',
      showRankingScore: true,
      attributesToRetrieve: ['id'],
      hitsPerPage,
      page: aligned ? query.offset / query.limit + 1 : 1,
    };
    const response = await this.client.index(this.uid(indexName)).search(query.fuzzy ? query.q : exactWordsQuery(query.q), params);
    const hits = aligned ? response.hits : response.hits.slice(query.offset);
    return {
      total: (response as { totalHits?: number }).totalHits ?? 0,
      hits: hits.map((hit) => ({ id: String(hit.id), relevanceScore: hit._rankingScore ?? 0 })),
    };
  }

  /** Fills a fresh index and swaps it with the live one, so searches answer throughout. */
  async rebuild(settings: IndexSettings, batches: AsyncIterable<SearchDocument[]>): Promise<void> {
    await this.applySettings(settings);
    const fresh = `${this.uid(settings.name)}_rebuild_${randomBytes(4).toString('hex')}`;
    try {
      await this.finish(this.client.createIndex(fresh, { primaryKey: 'id' }));
      await this.finish(this.client.index(fresh).updateSettings(this.serverSettings(settings)));
      for await (const batch of batches) {
        if (batch.length > 0) await this.finish(this.client.index(fresh).addDocuments(batch, { primaryKey: 'id' }));
      }
      await this.finish(this.client.swapIndexes([{ indexes: [this.uid(settings.name), fresh], rename: false }]));
    } finally {
      await this.client.deleteIndexIfExists(fresh).catch(() => undefined);
    }
  }

  async health(): Promise<void> {
    await this.client.health();
  }

  private async ensureIndex(indexName: string): Promise<void> {
    if (this.applied.has(indexName)) return;
    const settings = this.settings.get(indexName);
    if (!settings) throw new Error(`Meilisearch index "${indexName}" has no settings; it is not defined.`);
    const uid = this.uid(indexName);
    const existing = await this.client.getIndex(uid).catch(() => undefined);
    if (!existing) await this.finish(this.client.createIndex(uid, { primaryKey: 'id' }));
    await this.finish(this.client.index(uid).updateSettings(this.serverSettings(settings)));
    this.applied.add(indexName);
  }

  private serverSettings(settings: IndexSettings) {
    return {
      searchableAttributes: settings.searchableAttributes,
      filterableAttributes: settings.filterableAttributes,
      sortableAttributes: settings.sortableAttributes,
    };
  }

  /** Waits for a write task and turns a failed task into an error (so the outbox retries it). */
  private async finish(enqueued: EnqueuedTaskPromise): Promise<void> {
    const task = await enqueued.waitTask({ timeout: this.options.taskTimeoutMs });
    if (task.status !== 'succeeded') throw new Error(`Meilisearch task ${task.uid} ${task.status}: ${task.error?.message ?? 'no detail'}`);
  }
}
