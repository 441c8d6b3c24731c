import { randomBytes } from 'node:crypto';
import { Meilisearch, MeilisearchApiError, type EnqueuedTaskPromise, type IndexSwap, type SearchParams } from 'meilisearch';
import { ConfigError } from '../../src/core/config/env.ts';
import type { SearchPage, SearchQuery } from '../../src/index.ts';
import { MAX_SEARCH_LIMIT, MAX_SEARCH_OFFSET } from '../search/query-words.ts';
import type { IndexSettings, SearchDocument, SearchEngine } from '../search/tokens.ts';
import { MAX_FACET_VALUES } from '../search/facet-values.ts';
import { facetCounts } from './meilisearch-facets.ts';
import { buildFilter } from './meilisearch-filter.ts';
import { meilisearchQuery, pageWindow } from './meilisearch-query.ts';
import { checkMeilisearchVersion } from './meilisearch-version.ts';

export interface MeilisearchEngineOptions {
  host: string;
  apiKey?: string;
  /** Prepended to every index uid, so several deployments (or test runs) can share a server. */
  indexPrefix: string;
  /** How long to wait for Meilisearch to finish a write task. */
  taskTimeoutMs: number;
}

const errorCode = (err: unknown) => (err instanceof MeilisearchApiError ? err.cause?.code : undefined);

/** Meilisearch through its official client: one index per document kind. */
export class MeilisearchEngine implements SearchEngine {
  readonly name = 'meilisearch';
  readonly inProcess = false;
  private readonly client: Meilisearch;
  private readonly settings = new Map<string, IndexSettings>();
  /** Indexes whose settings reached the server; others are (re)applied before their next use. */
  private readonly applied = new Set<string>();
  private checked: Promise<void> | undefined;

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
    const q = meilisearchQuery(query.q, query.fuzzy);
    // An empty q is Meilisearch's placeholder search, which matches every document.
    if (q === '') return { total: 0, hits: [] };
    await this.ensureIndex(indexName);
    const { page, hitsPerPage, skip } = pageWindow(query.offset, query.limit);
    const params: SearchParams = {
      attributesToSearchOn: query.fields && query.fields.length > 0 ? query.fields : null,
      filter: buildFilter(query.filters),
      matchingStrategy: 'all',
      showRankingScore: true,
      attributesToRetrieve: ['id'],
      hitsPerPage,
      page,
      ...(query.facets ? { facets: query.facets } : {}),
    };
    const response = await this.client.index(this.uid(indexName)).search(q, params);
    const result: SearchPage = {
      total: (response as { totalHits?: number }).totalHits ?? 0,
      hits: response.hits.slice(skip, skip + query.limit).map((hit) => ({ id: String(hit.id), relevanceScore: hit._rankingScore ?? 0 })),
    };
    if (query.facets) result.facets = facetCounts(query.facets, response.facetDistribution);
    return result;
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
      // A plain swap of two existing indexes, atomic on every supported version: `rename` exists
      // only from 1.18 (where it defaults to false), and 1.16 refuses it as an unknown field.
      const swap = { indexes: [this.uid(settings.name), fresh] } as unknown as IndexSwap;
      await this.finish(this.client.swapIndexes([swap]));
    } finally {
      // After the swap, `fresh` holds the old documents; before it, a half-filled index.
      await this.finish(this.client.deleteIndex(fresh)).catch(() => undefined);
    }
  }

  /** An authenticated call (GET /health needs no key): a wrong key, or an unsupported version, fails the check. */
  async health(): Promise<void> {
    await this.checkServer();
  }

  /** Once per engine until it succeeds: the key works and the version is supported. */
  private connect(): Promise<void> {
    this.checked ??= this.checkServer().catch((err) => {
      this.checked = undefined;
      throw err;
    });
    return this.checked;
  }

  private async checkServer(): Promise<void> {
    let version;
    try {
      version = await this.client.getVersion();
    } catch (err) {
      const code = errorCode(err);
      if (code === 'invalid_api_key' || code === 'missing_authorization_header') {
        throw new ConfigError([
          `MEILISEARCH_API_KEY: the Meilisearch at ${this.options.host} refused ${this.options.apiKey ? 'the key' : 'to answer without a key'} (${code}: ${(err as Error).message})`,
        ]);
      }
      throw err;
    }
    checkMeilisearchVersion(version.pkgVersion, this.options.host);
  }

  private async ensureIndex(indexName: string): Promise<void> {
    if (this.applied.has(indexName)) return;
    const settings = this.settings.get(indexName);
    if (!settings) throw new Error(`Meilisearch index "${indexName}" has no settings; it is not defined.`);
    await this.connect();
    const uid = this.uid(indexName);
    const exists = await this.client.getIndex(uid).then(
      () => true,
      (err) => {
        // Only Meilisearch's own word decides that the index is missing; any other failure is one.
        if (errorCode(err) === 'index_not_found') return false;
        throw err;
      },
    );
    if (!exists) await this.finish(this.client.createIndex(uid, { primaryKey: 'id' }));
    await this.finish(this.client.index(uid).updateSettings(this.serverSettings(settings)));
    this.applied.add(indexName);
  }

  private serverSettings(settings: IndexSettings) {
    return {
      searchableAttributes: settings.searchableAttributes,
      filterableAttributes: settings.filterableAttributes,
      sortableAttributes: settings.sortableAttributes,
      // Meilisearch neither counts nor serves hits past maxTotalHits (1,000 by default).
      pagination: { maxTotalHits: MAX_SEARCH_OFFSET + MAX_SEARCH_LIMIT },
      // The most frequent values, as the embedded engine answers them (the default is the first 100 alphabetically).
      faceting: { maxValuesPerFacet: MAX_FACET_VALUES, sortFacetValuesBy: { '*': 'count' as const } },
    };
  }

  /** Waits for a write task and turns a failed task into an error (so the outbox retries it). */
  private async finish(enqueued: EnqueuedTaskPromise): Promise<void> {
    const task = await enqueued.waitTask({ timeout: this.options.taskTimeoutMs });
    if (task.status !== 'succeeded') throw new Error(`Meilisearch task ${task.uid} ${task.status}: ${task.error?.message ?? 'no detail'}`);
  }
}
