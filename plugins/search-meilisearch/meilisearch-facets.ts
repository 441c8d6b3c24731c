import type { FacetCount } from '../../src/index.ts';
import { sortFacet } from '../search/facet-values.ts';

/** `facetDistribution` ({ attribute: { value: count } }) as our facet lists, most frequent first; an asked facet without values is an empty list. */
export function facetCounts(asked: string[], distribution: Record<string, Record<string, number>> | undefined): Record<string, FacetCount[]> {
  return Object.fromEntries(
    asked.map((attribute) => [attribute, sortFacet(Object.entries(distribution?.[attribute] ?? {}).map(([value, count]) => ({ value, count })))]),
  );
}
