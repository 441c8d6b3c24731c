import type { FacetCount, SearchFilterValue, SearchPage, SearchQuery } from '../../src/index.ts';
import { MAX_FACET_VALUES, sortFacet, valueKey } from '../search/facet-values.ts';
import type { IndexSettings, SearchDocument } from '../search/tokens.ts';
import { RankedMiniSearch } from './ranked-mini-search.ts';

/** Mirrors Meilisearch's default: no typo under 5 letters, one up to 8, two from 9. */
function allowedTypos(term: string): number {
  if (term.length >= 9) return 2;
  if (term.length >= 5) return 1;
  return 0;
}

const noTypos = () => 0;
const acceptAll = () => true;

function fieldText(document: Record<string, unknown>, field: string): string {
  const value = document[field];
  if (value === null || value === undefined) return '';
  return Array.isArray(value) ? value.join(' ') : String(value);
}

type Column = unknown[];

/** A filterable value as filters and facets compare it: strings by valueKey, everything else as it is. */
function keyOf(value: unknown): unknown {
  if (typeof value === 'string') {
    const key = valueKey(value);
    return key === value ? value : key;
  }
  return Array.isArray(value) ? value.map(keyOf) : value;
}

/** A test of one filter on one attribute's keys: the value (or one of the values) must be a wanted one. */
function filterTest(keys: Column, wanted: SearchFilterValue): (shortId: number) => boolean {
  if (!Array.isArray(wanted)) {
    const key = keyOf(wanted);
    return (shortId) => {
      const value = keys[shortId];
      return value === key || (Array.isArray(value) && value.includes(key));
    };
  }
  const accepted = new Set<unknown>(wanted.map(keyOf));
  return (shortId) => {
    const value = keys[shortId];
    return Array.isArray(value) ? value.some((v) => accepted.has(v)) : accepted.has(value);
  };
}

/** Counts one attribute's values over the hits; a value is shown as the hit with the lowest short id holds it. */
class FacetCounter {
  private readonly counts = new Map<unknown, { value: string; count: number; shortId: number }>();

  constructor(
    private readonly values: Column,
    private readonly keys: Column,
  ) {}

  add(shortId: number): void {
    const values = this.values[shortId];
    const keys = this.keys[shortId];
    if (values === undefined || values === null) return;
    const pairs: Array<[unknown, unknown]> = Array.isArray(values) ? values.map((v, i) => [v, (keys as unknown[])[i]]) : [[values, keys]];
    const seen = new Set<unknown>();
    for (const [value, key] of pairs) {
      if (value === null || typeof value === 'object' || seen.has(key)) continue;
      seen.add(key);
      const entry = this.counts.get(key);
      if (!entry) this.counts.set(key, { value: String(value), count: 1, shortId });
      else {
        entry.count += 1;
        if (shortId < entry.shortId) Object.assign(entry, { value: String(value), shortId });
      }
    }
  }

  result(): FacetCount[] {
    return sortFacet([...this.counts.values()].map(({ value, count }) => ({ value, count }))).slice(0, MAX_FACET_VALUES);
  }
}

/** Pages of recent queries kept per index (each up to a query's limit of hits). */
const KEPT_PAGES = 200;

/** One MiniSearch index plus the filterable attributes of each document, a column per attribute indexed by MiniSearch's short id. */
export class EmbeddedIndex {
  private readonly miniSearch: RankedMiniSearch<SearchDocument>;
  private readonly columns: Map<string, Column>;
  /** Per filterable attribute, its values as filters compare them (keyOf), by short id. */
  private readonly keys: Map<string, Column>;
  /** Upserts and deletes so far; a kept page is current while the count it was ranked at holds. */
  private changes = 0;
  private readonly pages = new Map<string, { changes: number; page: SearchPage }>();

  constructor(readonly settings: IndexSettings) {
    this.miniSearch = new RankedMiniSearch<SearchDocument>({
      idField: 'id',
      fields: settings.searchableAttributes,
      extractField: (document, field) => (field === 'id' ? String(document.id) : fieldText(document, field)),
    }, settings.partitionAttribute ? (document) => String(document[settings.partitionAttribute!] ?? '') : undefined);
    this.columns = new Map(settings.filterableAttributes.map((field) => [field, []]));
    this.keys = new Map(settings.filterableAttributes.map((field) => [field, []]));
  }

  get size(): number {
    return this.miniSearch.documentCount;
  }

  upsert(documents: SearchDocument[]): void {
    this.changes += 1;
    for (const document of documents) {
      const previous = this.miniSearch.shortIdOf(document.id);
      if (previous !== undefined) {
        this.clearColumns(previous);
        this.miniSearch.replace(document);
      } else {
        this.miniSearch.add(document);
      }
      const shortId = this.miniSearch.shortIdOf(document.id)!;
      for (const [field, column] of this.columns) {
        column[shortId] = document[field];
        this.keys.get(field)![shortId] = keyOf(document[field]);
      }
    }
  }

  delete(ids: string[]): void {
    this.changes += 1;
    for (const id of ids) {
      const shortId = this.miniSearch.shortIdOf(id);
      if (shortId === undefined) continue;
      this.miniSearch.discard(id);
      this.clearColumns(shortId);
    }
  }

  /**
   * Answers a repeated query from the pages kept since the index last changed: the index lives in
   * this process only, so a change counter here says exactly when a kept page is stale.
   */
  search(query: SearchQuery): SearchPage {
    const key = JSON.stringify(query);
    const kept = this.pages.get(key);
    if (kept && kept.changes === this.changes) {
      this.pages.delete(key);
      this.pages.set(key, kept);
      return kept.page;
    }
    const page = this.rank(query);
    this.pages.delete(key);
    this.pages.set(key, { changes: this.changes, page });
    if (this.pages.size > KEPT_PAGES) this.pages.delete(this.pages.keys().next().value!);
    return page;
  }

  private rank(query: SearchQuery): SearchPage {
    const tests = Object.entries(query.filters ?? {}).map(([field, wanted]) => {
      const keys = this.keys.get(field);
      // The search service only lets filters on filterable attributes through.
      if (!keys) throw new Error(`The embedded index "${this.settings.name}" cannot filter on "${field}".`);
      return filterTest(keys, wanted);
    });
    const counters = (query.facets ?? []).map((field) => {
      const values = this.columns.get(field);
      if (!values) throw new Error(`The embedded index "${this.settings.name}" cannot count facet "${field}".`);
      return [field, new FacetCounter(values, this.keys.get(field)!)] as const;
    });
    const { hits, total } = this.miniSearch.rank({
      q: query.q,
      fields: query.fields,
      prefix: query.fuzzy,
      maxTypos: query.fuzzy ? allowedTypos : noTypos,
      accept: tests.length === 0 ? acceptAll : tests.length === 1 ? tests[0] : (shortId) => tests.every((test) => test(shortId)),
      partitions: this.partitionsOf(query),
      offset: query.offset,
      limit: query.limit,
      ...(counters.length > 0 ? { onMatch: (shortId: number) => counters.forEach(([, counter]) => counter.add(shortId)) } : {}),
    });
    const page: SearchPage = { total, hits: hits.map(({ shortId, relevanceScore }) => ({ id: String(this.miniSearch.idOf(shortId)), relevanceScore })) };
    if (query.facets) page.facets = Object.fromEntries(counters.map(([field, counter]) => [field, counter.result()]));
    return page;
  }

  /** The partitions a query is filtered to; without a filter on the partition attribute, statistics cover the whole index. */
  private partitionsOf(query: SearchQuery): string[] | undefined {
    const attribute = this.settings.partitionAttribute;
    const wanted = attribute ? query.filters?.[attribute] : undefined;
    if (wanted === undefined) return undefined;
    return (Array.isArray(wanted) ? wanted : [wanted]).map(String);
  }

  private clearColumns(shortId: number): void {
    for (const column of this.columns.values()) column[shortId] = undefined;
    for (const column of this.keys.values()) column[shortId] = undefined;
  }
}
