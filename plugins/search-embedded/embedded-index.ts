import type { SearchFilterValue, SearchPage, SearchQuery } from '../../src/index.ts';
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

/** A test of one filter on one attribute column: the value (or one of the values) must be a wanted one. */
function filterTest(column: Column, wanted: SearchFilterValue): (shortId: number) => boolean {
  if (!Array.isArray(wanted)) {
    return (shortId) => {
      const value = column[shortId];
      return value === wanted || (Array.isArray(value) && value.includes(wanted));
    };
  }
  const accepted = new Set<unknown>(wanted);
  return (shortId) => {
    const value = column[shortId];
    return Array.isArray(value) ? value.some((v) => accepted.has(v)) : accepted.has(value);
  };
}

/** One MiniSearch index plus the filterable attributes of each document, a column per attribute indexed by MiniSearch's short id. */
export class EmbeddedIndex {
  private readonly miniSearch: RankedMiniSearch<SearchDocument>;
  private readonly columns: Map<string, Column>;

  constructor(readonly settings: IndexSettings) {
    this.miniSearch = new RankedMiniSearch<SearchDocument>({
      idField: 'id',
      fields: settings.searchableAttributes,
      extractField: (document, field) => (field === 'id' ? String(document.id) : fieldText(document, field)),
    }, settings.partitionAttribute ? (document) => String(document[settings.partitionAttribute!] ?? '') : undefined);
    this.columns = new Map(settings.filterableAttributes.map((field) => [field, []]));
  }

  get size(): number {
    return this.miniSearch.documentCount;
  }

  upsert(documents: SearchDocument[]): void {
    for (const document of documents) {
      const previous = this.miniSearch.shortIdOf(document.id);
      if (previous !== undefined) {
        this.clearColumns(previous);
        this.miniSearch.replace(document);
      } else {
        this.miniSearch.add(document);
      }
      const shortId = this.miniSearch.shortIdOf(document.id)!;
      for (const [field, column] of this.columns) column[shortId] = document[field];
    }
  }

  delete(ids: string[]): void {
    for (const id of ids) {
      const shortId = this.miniSearch.shortIdOf(id);
      if (shortId === undefined) continue;
      this.miniSearch.discard(id);
      this.clearColumns(shortId);
    }
  }

  search(query: SearchQuery): SearchPage {
    const tests = Object.entries(query.filters ?? {}).map(([field, wanted]) => {
      const column = this.columns.get(field);
      // The search service only lets filters on filterable attributes through.
      if (!column) throw new Error(`The embedded index "${this.settings.name}" cannot filter on "${field}".`);
      return filterTest(column, wanted);
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
    });
    return { total, hits: hits.map(({ shortId, relevanceScore }) => ({ id: String(this.miniSearch.idOf(shortId)), relevanceScore })) };
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
  }
}
