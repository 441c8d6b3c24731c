/** The Host every test request names: not localhost, so nothing passes only because browsers trust localhost. */
export const TEST_HOST = 'assets.test';
export const TEST_ORIGIN = `http://${TEST_HOST}`;

/** The path and query of a link the API returned; throws for a relative link (links are absolute, from the request's host). */
export function linkPath(link: string): string {
  const url = new URL(link);
  return url.pathname + url.search;
}
