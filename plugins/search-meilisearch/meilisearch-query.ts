import { queryWords } from '../search/query-words.ts';

/**
 * The `q` to send for a query's words. Words carry no punctuation (see queryWords), so nothing in
 * them is Meilisearch syntax. Exact search quotes each word on its own: a one-word phrase turns
 * off typos and prefixes, while the words need not be next to each other.
 */
export function meilisearchQuery(q: string, fuzzy: boolean): string {
  const words = queryWords(q);
  return (fuzzy ? words : words.map((word) => `"${word}"`)).join(' ');
}

/**
 * Page mode (page, hitsPerPage) is what gives an exact totalHits; offset and limit only an estimate.
 * An offset that is not a multiple of the limit is served from the smallest page size whose page
 * holds all of [offset, offset + limit), then cut: `skip` hits from that page's start.
 */
export function pageWindow(offset: number, limit: number): { page: number; hitsPerPage: number; skip: number } {
  if (limit <= 0) return { page: 1, hitsPerPage: 0, skip: 0 };
  let size = limit;
  while ((offset % size) + limit > size) size++;
  return { page: Math.floor(offset / size) + 1, hitsPerPage: size, skip: offset % size };
}
