import MiniSearch, { type SearchResult as MiniSearchResult } from 'minisearch';
import type { SearchFilterValue, SearchPage, SearchQuery } from '../../src/index.ts';
import type { IndexSettings, SearchDocument } from '../search/tokens.ts';

type Filterable = Record<string, unknown>;

/** Mirrors Meilisearch's default: no typo under 5 letters, one up to 8, two from 9. */
function allowedTypos(term: string): number {
  if (term.length >= 9) return 2;
  if (term.length >= 5) return 1;
  return 0;
}

function fieldText(document: Record<string, unknown>, field: string): string {
  const value = document[field];
  if (value === null || value === undefined) return '';
  return Array.isArray(value) ? value.join(' ') : String(value);
}

function matches(value: unknown, wanted: SearchFilterValue): boolean {
  const accepted = Array.isArray(wanted) ? wanted : [wanted];
  const present = Array.isArray(value) ? value : [value];
  return present.some((v) => accepted.includes(v as string | number | boolean));
}

/** One MiniSearch index plus the filterable attributes of each document. */
export class EmbeddedIndex {
  private readonly miniSearch: MiniSearch<SearchDocument>;
  private readonly filterable = new Map<string, Filterable>();

  constructor(readonly settings: IndexSettings) {
    this.miniSearch = new MiniSearch<SearchDocument>({
      idField: 'id',
      fields: settings.searchableAttributes,
      extractField: (document, field) => (field === 'id' ? String(document.id) : fieldText(document, field)),
    });
  }

  get size(): number {
    return this.miniSearch.documentCount;
  }

  upsert(documents: SearchDocument[]): void {
    for (const document of documents) {
      if (this.miniSearch.has(document.id)) this.miniSearch.replace(document);
      else this.miniSearch.add(document);
      this.filterable.set(document.id, this.pickFilterable(document));
    }
  }

  delete(ids: string[]): void {
    for (const id of ids) {
      if (!this.miniSearch.has(id)) continue;
      this.miniSearch.discard(id);
      this.filterable.delete(id);
    }
  }

  search(query: SearchQuery): SearchPage {
    const filters = Object.entries(query.filters ?? {});
    const results: MiniSearchResult[] = this.miniSearch.search(query.q, {
      fields: query.fields && query.fields.length > 0 ? query.fields : undefined,
      combineWith: 'AND',
      prefix: query.fuzzy,
      fuzzy: query.fuzzy ? (term) => allowedTypos(term) : false,
      filter: filters.length === 0 ? undefined : (result) => this.passes(String(result.id), filters),
    });
    // BM25 scores are unbounded; dividing by the best one keeps order and puts every score in [0, 1].
    const best = results[0]?.score ?? 1;
    return {
      total: results.length,
      hits: results.slice(query.offset, query.offset + query.limit).map((r) => ({ id: String(r.id), relevanceScore: r.score / best })),
    };
  }

  private passes(id: string, filters: Array<[string, SearchFilterValue]>): boolean {
    const attributes = this.filterable.get(id);
    return attributes !== undefined && filters.every(([field, wanted]) => matches(attributes[field], wanted));
  }

  private pickFilterable(document: SearchDocument): Filterable {
    return Object.fromEntries(this.settings.filterableAttributes.map((field) => [field, document[field]]));
  }
}
