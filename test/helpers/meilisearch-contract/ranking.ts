import { allowedTypos, typos, words, type Term } from './query-syntax.ts';

/** Where a term matched in a document: which searched attribute, at which word, with how many typos. */
interface Hit {
  attribute: number;
  position: number;
  typos: number;
  exact: boolean;
}

/** Per document, the position of every word of every attribute (array items kept apart, as Meilisearch does). */
export function attributeWords(document: Record<string, unknown>, attributes: string[]): string[][] {
  return attributes.map((attribute) => {
    const value = document[attribute];
    if (value === null || value === undefined) return [];
    const items = Array.isArray(value) ? value : [value];
    return items.flatMap((item) => (typeof item === 'object' ? [] : words(String(item))));
  });
}

function termHits(term: Term, fields: string[][]): Hit[] {
  const hits: Hit[] = [];
  fields.forEach((field, attribute) => {
    if (term.kind === 'phrase') {
      for (let position = 0; position + term.words.length <= field.length; position++) {
        if (term.words.every((w, k) => field[position + k] === w)) hits.push({ attribute, position, typos: 0, exact: true });
      }
      return;
    }
    const allowed = allowedTypos(term.word);
    field.forEach((word, position) => {
      if (word === term.word) return hits.push({ attribute, position, typos: 0, exact: true });
      if (term.prefix && word.startsWith(term.word)) return hits.push({ attribute, position, typos: 0, exact: false });
      if (allowed === 0) return;
      let distance = typos(term.word, word);
      if (term.prefix && [...word].length > [...term.word].length) distance = Math.min(distance, typos(term.word, [...word].slice(0, [...term.word].length).join('')));
      if (distance <= allowed) hits.push({ attribute, position, typos: distance, exact: false });
    });
  });
  return hits;
}

export const containsTerm = (term: Term, fields: string[][]) => termHits({ ...term, ...(term.kind === 'word' ? { prefix: false } : {}) }, fields).some((h) => h.exact);

/** One ranking rule's verdict, as Meilisearch's score details give it: 1..maxRank, higher is better. */
export interface Rank {
  rank: number;
  maxRank: number;
}

/** Meilisearch's global ranking score: the rules' ranks read as the digits of one mixed-radix number. */
export function globalScore(ranks: Rank[]): number {
  let rank = 1;
  let maxRank = 1;
  for (const r of ranks) {
    rank = (rank - 1) * r.maxRank + r.rank;
    maxRank *= r.maxRank;
  }
  return rank / maxRank;
}

/**
 * The default rules before `sort` (words, typo, proximity, attribute) and after it (exactness),
 * or undefined when the document is not a hit. `all` requires every term; `last` the leading ones.
 */
export function rankDocument(terms: Term[], fields: string[][], strategy: 'all' | 'last'): { before: Rank[]; after: Rank[] } | undefined {
  const hits = terms.map((term) => termHits(term, fields));
  let matched = 0;
  while (matched < terms.length && hits[matched].length > 0) matched++;
  if (matched === 0 || (strategy === 'all' && matched < terms.length)) return undefined;
  const used = hits.slice(0, matched);
  const best = used.map((h) => h.reduce((a, b) => (b.typos < a.typos || (b.typos === a.typos && b.attribute < a.attribute) ? b : a)));
  const typoBudget = terms.slice(0, matched).reduce((sum, t) => sum + (t.kind === 'word' ? allowedTypos(t.word) : 0), 0);
  const typoCount = best.reduce((sum, h) => sum + h.typos, 0);
  let proximity = 0;
  for (let i = 1; i < used.length; i++) {
    let cost = 8;
    for (const a of used[i - 1]) {
      for (const b of used[i]) {
        if (a.attribute !== b.attribute) continue;
        cost = Math.min(cost, b.position > a.position ? Math.min(b.position - a.position, 7) : Math.min(a.position - b.position + 1, 7));
      }
    }
    proximity += cost - 1;
  }
  const proximityBudget = 7 * (used.length - 1);
  const attributeBudget = (fields.length - 1) * used.length;
  const attributeCost = used.reduce((sum, h) => sum + Math.min(...h.map((x) => x.attribute)), 0);
  const exact = best.filter((h) => h.exact).length;
  return {
    before: [
      { rank: matched, maxRank: terms.length },
      { rank: typoBudget - typoCount + 1, maxRank: typoBudget + 1 },
      { rank: proximityBudget - proximity + 1, maxRank: proximityBudget + 1 },
      { rank: attributeBudget - attributeCost + 1, maxRank: attributeBudget + 1 },
    ],
    after: [{ rank: exact + 1, maxRank: used.length + 1 }],
  };
}
