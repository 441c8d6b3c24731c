import type { RouteSpec } from '../http/api-router.ts';

/** Who may call a route, in a sentence: what a client needs before its first request. */
export function accessNote(route: RouteSpec): string {
  if (route.public) return 'Access: a bearer token (read rights suffice) or a signed URL as returned by the API.';
  const write = route.write ?? route.method !== 'get';
  const rights = write ? 'a token with write rights' : 'any valid token';
  const scope = route.grant === 'media-library' ? ' with the media-library grant (keys of every project have it by default)' : route.path.startsWith('/api/v1') ? ', within its projects' : '';
  return `Access: ${rights}${scope}.`;
}
