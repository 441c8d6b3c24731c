import type { FacetCount } from '../../src/index.ts';

/**
 * How every engine compares string filter and facet values, as Meilisearch does: case and
 * accents do not count (`SDXL` and `sdxl` are one model).
 */
export function valueKey(value: string): string {
  return value.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The most values an engine answers per facet; the route shows the top ones of these. */
export const MAX_FACET_VALUES = 100;

/** Most frequent first; ties by value, so both engines list a facet in the same order. */
export function sortFacet(counts: FacetCount[]): FacetCount[] {
  return [...counts].sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}
