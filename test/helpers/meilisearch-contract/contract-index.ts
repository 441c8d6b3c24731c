import { badRequest, notModelled } from './errors.ts';
import { strictObject, type FieldSpec } from './fields.ts';
import { parseFilter } from './filter.ts';
import { normalize, parseQuery } from './query-syntax.ts';
import { attributeWords, containsTerm, globalScore, rankDocument, type Rank } from './ranking.ts';

export const DEFAULT_MAX_TOTAL_HITS = 1000;
export const DEFAULT_MAX_VALUES_PER_FACET = 100;

export type FacetOrder = 'alpha' | 'count';

export interface IndexSettings {
  searchableAttributes: string[];
  filterableAttributes: string[];
  sortableAttributes: string[];
  maxTotalHits: number;
  /** `faceting` settings. */
  maxValuesPerFacet: number;
  sortFacetValuesBy: Record<string, FacetOrder>;
}

/** The search body's fields as Meilisearch accepts them; those this server answers are modelled. */
const searchFields: Record<string, FieldSpec> = {
  q: { kind: 'string', code: 'invalid_search_q', nullable: true },
  offset: { kind: 'uint', code: 'invalid_search_offset' },
  limit: { kind: 'uint', code: 'invalid_search_limit' },
  page: { kind: 'uint', code: 'invalid_search_page', nullable: true },
  hitsPerPage: { kind: 'uint', code: 'invalid_search_hits_per_page', nullable: true },
  attributesToRetrieve: { kind: 'strings', code: 'invalid_search_attributes_to_retrieve', nullable: true },
  retrieveVectors: { kind: 'bool', code: 'invalid_search_retrieve_vectors', unmodelled: true },
  attributesToCrop: { kind: 'strings', code: 'invalid_search_attributes_to_crop', unmodelled: true },
  cropLength: { kind: 'uint', code: 'invalid_search_crop_length', unmodelled: true },
  attributesToHighlight: { kind: 'strings', code: 'invalid_search_attributes_to_highlight', unmodelled: true },
  showMatchesPosition: { kind: 'bool', code: 'invalid_search_show_matches_position', unmodelled: true },
  showRankingScore: { kind: 'bool', code: 'invalid_search_show_ranking_score' },
  showRankingScoreDetails: { kind: 'bool', code: 'invalid_search_show_ranking_score_details', unmodelled: true },
  filter: { kind: 'json', code: 'invalid_search_filter', nullable: true },
  sort: { kind: 'strings', code: 'invalid_search_sort', nullable: true },
  distinct: { kind: 'string', code: 'invalid_search_distinct', unmodelled: true },
  facets: { kind: 'strings', code: 'invalid_search_facets', nullable: true },
  highlightPreTag: { kind: 'string', code: 'invalid_search_highlight_pre_tag', unmodelled: true },
  highlightPostTag: { kind: 'string', code: 'invalid_search_highlight_post_tag', unmodelled: true },
  cropMarker: { kind: 'string', code: 'invalid_search_crop_marker', unmodelled: true },
  matchingStrategy: { kind: 'string', code: 'invalid_search_matching_strategy' },
  attributesToSearchOn: { kind: 'strings', code: 'invalid_search_attributes_to_search_on', nullable: true },
  rankingScoreThreshold: { kind: 'json', code: 'invalid_search_ranking_score_threshold', unmodelled: true },
  locales: { kind: 'strings', code: 'invalid_search_locales', unmodelled: true },
  hybrid: { kind: 'json', code: 'invalid_search_hybrid_query', unmodelled: true },
  vector: { kind: 'json', code: 'invalid_search_vector', unmodelled: true },
  media: { kind: 'json', code: 'invalid_search_media', unmodelled: true },
};

const list = (names: string[]) => (names.length ? names.map((n) => `\`${n}\``).join(', ') : 'none');

/** One index: its settings and documents, kept in the order they were first added (Meilisearch's internal ids break ties). */
export class ContractIndex {
  primaryKey: string | null = null;
  readonly createdAt = new Date().toISOString();
  updatedAt = this.createdAt;
  settings: IndexSettings = {
    searchableAttributes: ['*'],
    filterableAttributes: [],
    sortableAttributes: [],
    maxTotalHits: DEFAULT_MAX_TOTAL_HITS,
    maxValuesPerFacet: DEFAULT_MAX_VALUES_PER_FACET,
    sortFacetValuesBy: { '*': 'alpha' },
  };
  readonly documents = new Map<string, { internalId: number; document: Record<string, unknown> }>();
  private nextInternalId = 0;

  constructor(public uid: string) {}

  view() {
    return { uid: this.uid, createdAt: this.createdAt, updatedAt: this.updatedAt, primaryKey: this.primaryKey };
  }

  touch(): void {
    this.updatedAt = new Date().toISOString();
  }

  put(id: string, document: Record<string, unknown>): void {
    const internalId = this.documents.get(id)?.internalId ?? this.nextInternalId++;
    this.documents.set(id, { internalId, document });
  }

  private searchable(document: Record<string, unknown>): string[] {
    return this.settings.searchableAttributes.includes('*') ? Object.keys(document) : this.settings.searchableAttributes;
  }

  search(body: unknown) {
    const params = strictObject(body, searchFields);
    const strategy = (params.matchingStrategy as string | undefined) ?? 'last';
    if (!['last', 'all', 'frequency'].includes(strategy)) {
      throw badRequest(`Unknown value \`${strategy}\` at \`.matchingStrategy\`: expected one of \`last\`, \`all\`, \`frequency\``, 'invalid_search_matching_strategy');
    }
    if (strategy === 'frequency') throw notModelled('matchingStrategy `frequency`');
    const filter = parseFilter(params.filter, this.settings.filterableAttributes);
    const facets = this.facetsOf(params.facets as string[] | null | undefined);
    const searchOn = params.attributesToSearchOn as string[] | null | undefined;
    if (searchOn && !this.settings.searchableAttributes.includes('*')) {
      const wrong = searchOn.find((a) => !this.settings.searchableAttributes.includes(a));
      if (wrong !== undefined) {
        throw badRequest(`Attribute \`${wrong}\` is not searchable. Available searchable attributes are: ${list(this.settings.searchableAttributes)}.`, 'invalid_search_attributes_to_search_on');
      }
    }
    const sort = ((params.sort as string[] | null | undefined) ?? []).map((s) => {
      const m = s.match(/^([^:]+):(asc|desc)$/);
      if (!m) throw badRequest(`Invalid syntax for the sort parameter: expected expression ending by \`:asc\` or \`:desc\`, found \`${s}\`.`, 'invalid_search_sort');
      if (!this.settings.sortableAttributes.includes(m[1])) {
        throw badRequest(`Attribute \`${m[1]}\` is not sortable. Available sortable attributes are: ${list(this.settings.sortableAttributes)}.`, 'invalid_search_sort');
      }
      return { attribute: m[1], sign: m[2] === 'asc' ? 1 : -1 };
    });

    const q = (params.q as string | null | undefined) ?? '';
    const { terms, excluded } = parseQuery(q);
    type Ranked = { id: string; internalId: number; document: Record<string, unknown>; before: Rank[]; after: Rank[] };
    const ranked: Ranked[] = [];
    for (const [id, { internalId, document }] of this.documents) {
      if (filter && !filter(document)) continue;
      const attributes = this.searchable(document).filter((a) => !searchOn || searchOn.includes(a));
      const fields = attributeWords(document, attributes);
      if (excluded.some((term) => containsTerm(term, fields))) continue;
      // No term (an empty query, or one of only separators or negations) is a placeholder search: every document.
      const ranks = terms.length === 0 ? { before: [], after: [] } : rankDocument(terms, fields, strategy as 'all' | 'last');
      if (ranks) ranked.push({ id, internalId, document, ...ranks });
    }
    const byRanks = (a: Rank[], b: Rank[]) => {
      for (let i = 0; i < a.length; i++) if (a[i].rank / a[i].maxRank !== b[i].rank / b[i].maxRank) return b[i].rank / b[i].maxRank - a[i].rank / a[i].maxRank;
      return 0;
    };
    const bySort = (a: Ranked, b: Ranked) => {
      for (const { attribute, sign } of sort) {
        const x = a.document[attribute] as string | number;
        const y = b.document[attribute] as string | number;
        if (x !== y) return (x < y ? -1 : 1) * sign;
      }
      return 0;
    };
    ranked.sort((a, b) => byRanks(a.before, b.before) || bySort(a, b) || byRanks(a.after, b.after) || a.internalId - b.internalId);

    const max = this.settings.maxTotalHits;
    const paged = params.page != null || params.hitsPerPage != null;
    const hitsPerPage = (params.hitsPerPage as number | null | undefined) ?? 20;
    const page = (params.page as number | null | undefined) ?? 1;
    let [offset, limit] = paged ? (page === 0 ? [0, 0] : [(page - 1) * hitsPerPage, hitsPerPage]) : [(params.offset as number) ?? 0, (params.limit as number) ?? 20];
    // Meilisearch never serves a hit beyond maxTotalHits, nor counts past it.
    offset = Math.min(offset, max);
    limit = Math.min(limit, max - offset);
    const retrieve = params.attributesToRetrieve as string[] | null | undefined;
    const hits = ranked.slice(offset, offset + limit).map((r) => {
      const shown = !retrieve || retrieve.includes('*') ? { ...r.document } : Object.fromEntries(retrieve.filter((a) => a in r.document).map((a) => [a, r.document[a]]));
      return params.showRankingScore ? { ...shown, _rankingScore: globalScore([...r.before, ...r.after]) } : shown;
    });
    const total = Math.min(ranked.length, max);
    const base = { hits, query: q, processingTimeMs: 0, ...(facets ? facetResponse(facets, ranked, this.settings) : {}) };
    return paged
      ? { ...base, hitsPerPage, page, totalPages: hitsPerPage === 0 ? 0 : Math.ceil(total / hitsPerPage), totalHits: total }
      : { ...base, limit: (params.limit as number) ?? 20, offset: (params.offset as number) ?? 0, estimatedTotalHits: total };
  }

  /** The attributes `facets` asks for: `*` is every filterable one; one that is not filterable is refused, as Meilisearch does. */
  private facetsOf(asked: string[] | null | undefined): string[] | undefined {
    if (asked === null || asked === undefined) return undefined;
    const filterable = this.settings.filterableAttributes;
    if (asked.includes('*')) return [...filterable];
    const wrong = [...new Set(asked.filter((a) => !filterable.includes(a)))].sort();
    if (wrong.length > 0) {
      const available = filterable.length === 0 ? 'This index does not have configured filterable attributes.' : `Available filterable attributes patterns are: \`${[...new Set(filterable)].sort().join(', ')}\`.`;
      const which = wrong.length === 1 ? `Attribute \`${wrong[0]}\` is not filterable.` : `Attributes \`${wrong.join(', ')}\` are not filterable.`;
      throw badRequest(`Invalid facet distribution: ${which} ${available}`, 'invalid_search_facets');
    }
    return [...new Set(asked)];
  }
}

/** A facet value as Meilisearch keys it: strings by their normalized form, numbers and booleans by their text; objects and nulls are no value. */
function facetValues(value: unknown): Array<{ key: string; shown: string; number?: number }> {
  if (Array.isArray(value)) return value.flatMap(facetValues);
  if (typeof value === 'string') return [{ key: `s:${normalize(value)}`, shown: value }];
  if (typeof value === 'number' && Number.isFinite(value)) return [{ key: `n:${value}`, shown: String(value), number: value }];
  if (typeof value === 'boolean') return [{ key: `s:${value}`, shown: String(value) }];
  return [];
}

/**
 * `facetDistribution` ({ attribute: { value: count } }) over every hit, not only the page, and
 * `facetStats` (min and max) for attributes with numbers. A value shows as the hit first added
 * holds it; values are ordered by `sortFacetValuesBy` (alpha by default) and cut at maxValuesPerFacet.
 */
function facetResponse(facets: string[], ranked: Array<{ internalId: number; document: Record<string, unknown> }>, settings: IndexSettings) {
  const byAge = [...ranked].sort((a, b) => a.internalId - b.internalId);
  const facetDistribution: Record<string, Record<string, number>> = {};
  const facetStats: Record<string, { min: number; max: number }> = {};
  for (const attribute of facets) {
    const counts = new Map<string, { shown: string; count: number }>();
    let min = Infinity;
    let max = -Infinity;
    for (const { document } of byAge) {
      const seen = new Set<string>();
      for (const { key, shown, number } of facetValues(document[attribute])) {
        if (number !== undefined) [min, max] = [Math.min(min, number), Math.max(max, number)];
        if (seen.has(key)) continue;
        seen.add(key);
        const entry = counts.get(key);
        if (entry) entry.count += 1;
        else counts.set(key, { shown, count: 1 });
      }
    }
    const order = settings.sortFacetValuesBy[attribute] ?? settings.sortFacetValuesBy['*'] ?? 'alpha';
    const alpha = (a: [string, unknown], b: [string, unknown]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
    const entries = [...counts.entries()].sort((a, b) => (order === 'count' ? b[1].count - a[1].count : 0) || alpha(a, b));
    facetDistribution[attribute] = Object.fromEntries(entries.slice(0, settings.maxValuesPerFacet).map(([, { shown, count }]) => [shown, count]));
    if (min <= max) facetStats[attribute] = { min, max };
  }
  return { facetDistribution, facetStats };
}
