/** The most words a query may have: Meilisearch ignores every word after the tenth, so a longer query could not keep "all words must match". */
export const MAX_QUERY_WORDS = 10;

/** Deepest result any search reaches (offset + limit): the asset search route's bounds, and what an engine must count exactly up to. */
export const MAX_SEARCH_OFFSET = 100_000;
export const MAX_SEARCH_LIMIT = 200;

// The embedded engine's (MiniSearch's) tokenizer: words are separated by spaces and punctuation.
const SEPARATORS = /[\n\r\p{Z}\p{P}]+/u;
const WORD_CHARACTER = /[\p{L}\p{N}]/u;

/**
 * The words of a query, as every engine must read them: plain words, all of which must match.
 * Punctuation only separates words, so nothing in a query is query syntax (Meilisearch's `-word`
 * negation or "phrase" quotes), and a run of symbols without a letter or digit is no word.
 */
export function queryWords(q: string): string[] {
  return q.split(SEPARATORS).filter((token) => WORD_CHARACTER.test(token));
}
