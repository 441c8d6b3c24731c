/** The escape character for LIKE patterns: not a backslash, whose quoting differs between SQLite and MySQL. */
export const LIKE_ESCAPE = '!';

/** A "contains" LIKE pattern in which the user's %, _ and ! match themselves. */
export function likePattern(text: string): string {
  return `%${text.replace(/[!%_]/g, (c) => LIKE_ESCAPE + c)}%`;
}
