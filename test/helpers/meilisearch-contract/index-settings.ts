import { badRequest, notModelled } from './errors.ts';
import { describe, strictObject, type FieldSpec } from './fields.ts';
import { DEFAULT_MAX_TOTAL_HITS, DEFAULT_MAX_VALUES_PER_FACET, type FacetOrder, type IndexSettings } from './contract-index.ts';

const unmodelled = (code: string): FieldSpec => ({ kind: 'json', code, unmodelled: true });

/** PATCH /indexes/{uid}/settings: every top-level setting Meilisearch 1.16 to 1.18 documents. */
const settingsFields: Record<string, FieldSpec> = {
  displayedAttributes: unmodelled('invalid_settings_displayed_attributes'),
  searchableAttributes: { kind: 'strings', code: 'invalid_settings_searchable_attributes', nullable: true },
  filterableAttributes: { kind: 'json', code: 'invalid_settings_filterable_attributes', nullable: true },
  sortableAttributes: { kind: 'strings', code: 'invalid_settings_sortable_attributes', nullable: true },
  rankingRules: unmodelled('invalid_settings_ranking_rules'),
  stopWords: unmodelled('invalid_settings_stop_words'),
  nonSeparatorTokens: unmodelled('invalid_settings_non_separator_tokens'),
  separatorTokens: unmodelled('invalid_settings_separator_tokens'),
  dictionary: unmodelled('invalid_settings_dictionary'),
  synonyms: unmodelled('invalid_settings_synonyms'),
  distinctAttribute: unmodelled('invalid_settings_distinct_attribute'),
  proximityPrecision: unmodelled('invalid_settings_proximity_precision'),
  typoTolerance: unmodelled('invalid_settings_typo_tolerance'),
  faceting: { kind: 'json', code: 'invalid_settings_faceting', nullable: true },
  pagination: { kind: 'json', code: 'invalid_settings_pagination', nullable: true },
  embedders: unmodelled('invalid_settings_embedders'),
  searchCutoffMs: unmodelled('invalid_settings_search_cutoff_ms'),
  localizedAttributes: unmodelled('invalid_settings_localized_attributes'),
  facetSearch: unmodelled('invalid_settings_facet_search'),
  prefixSearch: unmodelled('invalid_settings_prefix_search'),
  chat: unmodelled('invalid_settings_chat'),
};

/** Checks a settings body at request time (a bad one never becomes a task) and returns how to apply it. */
export function parseSettings(body: unknown): (current: IndexSettings) => IndexSettings {
  const settings = strictObject(body, settingsFields);
  const filterable = settings.filterableAttributes;
  if (Array.isArray(filterable) && filterable.some((f) => typeof f !== 'string')) {
    if (filterable.some((f) => f === null || typeof f !== 'object')) {
      throw badRequest(`Invalid value type at \`.filterableAttributes\`: expected an array of strings or objects`, 'invalid_settings_filterable_attributes');
    }
    throw notModelled('filterableAttributes given as objects');
  } else if (filterable !== undefined && filterable !== null && !Array.isArray(filterable)) {
    throw badRequest(`Invalid value type at \`.filterableAttributes\`: expected an array, but found ${JSON.stringify(filterable)}`, 'invalid_settings_filterable_attributes');
  }
  let maxTotalHits: number | null | undefined;
  if (settings.pagination !== undefined && settings.pagination !== null) {
    const pagination = strictObject(settings.pagination, { maxTotalHits: { kind: 'uint', code: 'invalid_settings_pagination', nullable: true } }, { location: '.pagination', code: 'invalid_settings_pagination' });
    maxTotalHits = pagination.maxTotalHits as number | null | undefined;
  } else if (settings.pagination === null) {
    maxTotalHits = null;
  }
  const faceting = parseFaceting(settings.faceting);
  // A null setting goes back to its default; an absent one stays as it is.
  const pick = <T>(value: unknown, current: T, reset: T): T => (value === undefined ? current : value === null ? reset : (value as T));
  return (current) => ({
    searchableAttributes: pick(settings.searchableAttributes, current.searchableAttributes, ['*']),
    filterableAttributes: pick(filterable, current.filterableAttributes, []),
    sortableAttributes: pick(settings.sortableAttributes, current.sortableAttributes, []),
    maxTotalHits: pick(maxTotalHits, current.maxTotalHits, DEFAULT_MAX_TOTAL_HITS),
    maxValuesPerFacet: pick(faceting.maxValuesPerFacet, current.maxValuesPerFacet, DEFAULT_MAX_VALUES_PER_FACET),
    sortFacetValuesBy: pick(faceting.sortFacetValuesBy, current.sortFacetValuesBy, { '*': 'alpha' }),
  });
}

/**
 * `faceting`: `maxValuesPerFacet` (values per facet in facetDistribution, 100 by default) and
 * `sortFacetValuesBy` (per attribute or `*`: `alpha`, the default, or `count`). Each part is
 * patched on its own; null (for the whole object or a part) goes back to the default.
 */
function parseFaceting(value: unknown): { maxValuesPerFacet?: number | null; sortFacetValuesBy?: Record<string, FacetOrder> | null } {
  if (value === undefined) return {};
  if (value === null) return { maxValuesPerFacet: null, sortFacetValuesBy: null };
  const faceting = strictObject(
    value,
    {
      maxValuesPerFacet: { kind: 'uint', code: 'invalid_settings_faceting', nullable: true },
      sortFacetValuesBy: { kind: 'json', code: 'invalid_settings_faceting', nullable: true },
    },
    { location: '.faceting', code: 'invalid_settings_faceting' },
  );
  const order = faceting.sortFacetValuesBy;
  if (order !== undefined && order !== null) {
    if (typeof order !== 'object' || Array.isArray(order)) {
      throw badRequest(`Invalid value type at \`.faceting.sortFacetValuesBy\`: expected an object, but found ${describe(order)}`, 'invalid_settings_faceting');
    }
    for (const [attribute, how] of Object.entries(order)) {
      if (how !== 'alpha' && how !== 'count') {
        throw badRequest(`Unknown value \`${String(how)}\` at \`.faceting.sortFacetValuesBy.${attribute}\`: expected one of \`alpha\`, \`count\``, 'invalid_settings_faceting');
      }
    }
  }
  return faceting as { maxValuesPerFacet?: number | null; sortFacetValuesBy?: Record<string, FacetOrder> | null };
}
