/**
 * The parts of Meilisearch's text handling that decide which documents match: words are runs of
 * letters and digits, lower-cased with accents removed; a query may hold phrases ("..."),
 * negated words or phrases (-word, -"..."), and only its first ten terms count.
 */
export const MAX_QUERY_TERMS = 10;

export const normalize = (word: string) => word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

export function words(text: string): string[] {
  return (text.match(/[\p{L}\p{N}]+/gu) ?? []).map(normalize);
}

export type Term = { kind: 'word'; word: string; prefix: boolean } | { kind: 'phrase'; words: string[] };

export interface ParsedQuery {
  /** Terms every (or, with matchingStrategy `last`, the leading) one of which a hit matches. */
  terms: Term[];
  /** Words and phrases no hit may contain. */
  excluded: Term[];
}

/** A `-` right before a word or quote negates it when it starts the query or follows whitespace. */
const negates = (separator: string, atStart: boolean) => separator.endsWith('-') && (separator.length > 1 ? /\s$/u.test(separator.slice(0, -1)) : atStart);

export function parseQuery(q: string): ParsedQuery {
  const pieces = q.match(/"|[\p{L}\p{N}]+|[^"\p{L}\p{N}]+/gu) ?? [];
  const terms: Term[] = [];
  const excluded: Term[] = [];
  let phrase: string[] | undefined;
  let phraseNegated = false;
  let separator = '';
  let atStart = true;
  for (const piece of pieces) {
    if (piece === '"') {
      if (phrase) {
        if (phrase.length > 0) (phraseNegated ? excluded : terms).push({ kind: 'phrase', words: phrase });
        phrase = undefined;
      } else {
        phrase = [];
        phraseNegated = negates(separator, atStart);
      }
      separator = '';
      atStart = false;
    } else if (/^[\p{L}\p{N}]/u.test(piece)) {
      if (phrase) phrase.push(normalize(piece));
      else (negates(separator, atStart) ? excluded : terms).push({ kind: 'word', word: normalize(piece), prefix: false });
      separator = '';
      atStart = false;
    } else {
      separator += piece;
    }
  }
  // An unclosed quote makes a phrase of the rest of the query.
  if (phrase && phrase.length > 0) (phraseNegated ? excluded : terms).push({ kind: 'phrase', words: phrase });
  const kept = terms.slice(0, MAX_QUERY_TERMS);
  const last = kept[kept.length - 1];
  // Only the last word is a prefix, and only while it is still being typed (no separator after it).
  if (last?.kind === 'word' && /[\p{L}\p{N}]$/u.test(q)) last.prefix = true;
  return { terms: kept, excluded };
}

/** Typos allowed by the default typoTolerance (minWordSizeForTypos: oneTypo 5, twoTypos 9). */
export const allowedTypos = (word: string) => ([...word].length >= 9 ? 2 : [...word].length >= 5 ? 1 : 0);

/** Damerau-Levenshtein distance (transpositions count once), a typo on the first letter counting double. */
export function typos(query: string, word: string): number {
  const a = [...query];
  const b = [...word];
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length] + (a[0] !== b[0] ? 1 : 0);
}
