import type { FieldError } from '../errors/errors.ts';

/** Deeper input than any real metadata needs; beyond it, validators and serialisers risk the stack. */
export const MAX_INPUT_DEPTH = 64;

/**
 * Finds text no store keeps faithfully: NUL characters (SQLite cuts or refuses them, MySQL's
 * utf8mb4 too in places) and lone UTF-16 surrogates (not Unicode, so not storable as UTF-8),
 * and nesting deeper than MAX_INPUT_DEPTH. Returns the first problem, naming its field.
 */
export function findUnsafeInput(value: unknown, field: string, depth = 0): FieldError | undefined {
  if (typeof value === 'string') return unsafeText(value, field);
  if (value === null || typeof value !== 'object') return undefined;
  if (depth >= MAX_INPUT_DEPTH) return { field, message: `is nested deeper than ${MAX_INPUT_DEPTH} levels` };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const problem = findUnsafeInput(value[i], `${field}.${i}`, depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    const problem = unsafeText(key, `${field}.${key}`) ?? findUnsafeInput(item, `${field}.${key}`, depth + 1);
    if (problem) return problem;
  }
  return undefined;
}

// In a `u` pattern a valid surrogate pair is one code point, so only lone halves match.
const LONE_SURROGATE = /\p{Cs}/u;

function unsafeText(text: string, field: string): FieldError | undefined {
  if (text.includes('\u0000')) return { field, message: 'must not contain NUL (U+0000) characters' };
  if (LONE_SURROGATE.test(text)) return { field, message: 'must be valid Unicode text (it holds a lone UTF-16 surrogate)' };
  return undefined;
}
