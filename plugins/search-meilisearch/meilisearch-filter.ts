import type { SearchFilterValue } from '../../src/index.ts';

const ATTRIBUTE = /^[A-Za-z0-9_.]+$/;

/** A Meilisearch filter literal: strings are double-quoted with quotes and backslashes escaped. */
export function filterLiteral(value: string | number | boolean): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Builds `a = "x" AND b IN ["y", "z"]` from our filters; user input only ever lands inside escaped literals. */
export function buildFilter(filters: Record<string, SearchFilterValue> | undefined): string | undefined {
  const clauses = Object.entries(filters ?? {}).map(([attribute, wanted]) => {
    if (!ATTRIBUTE.test(attribute)) throw new Error(`"${attribute}" is not a valid filter attribute name.`);
    if (!Array.isArray(wanted)) return `${attribute} = ${filterLiteral(wanted)}`;
    if (wanted.length === 0) return `${attribute} IN []`;
    return `${attribute} IN [${wanted.map(filterLiteral).join(', ')}]`;
  });
  return clauses.length > 0 ? clauses.join(' AND ') : undefined;
}
