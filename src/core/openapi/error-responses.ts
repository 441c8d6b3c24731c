import type { RouteSpec } from '../http/api-router.ts';

/** The errors any route of this kind can answer, beyond those it declares itself. */
export function errorResponsesFor(route: RouteSpec): Record<number, string> {
  const errors: Record<number, string> = { 400: 'Invalid input: the problem names each field.' };
  if (route.public) {
    errors[401] = 'A bearer token was given and is not valid (without one, a signed URL is needed).';
  } else {
    errors[401] = 'Missing or invalid bearer token.';
  }
  const forbidden = [
    ...((route.write ?? route.method !== 'get') && !route.public ? ['the token is read-only'] : []),
    ...(route.grant === 'media-library' ? ['the key has no media-library grant'] : []),
  ];
  if (forbidden.length > 0) errors[403] = `Forbidden: ${forbidden.join(', or ')}.`;
  if (route.path.includes(':')) errors[404] = 'Not found, or outside the key’s projects (the two answer alike).';
  if ((route.write ?? route.method !== 'get') && !route.public) errors[409] = 'The change conflicts with the current state or with a concurrent change; the problem says which.';
  if (route.body) errors[413] = 'The JSON body is over JSON_BODY_LIMIT.';
  if (route.multipart) {
    errors[413] = 'A file is over the upload limit.';
    errors[415] = 'A file’s content is not of an accepted type (the type is read from the bytes).';
    errors[422] = 'An image cannot be decoded, or is over the pixel limit.';
  }
  errors[429] = 'Rate limit exceeded; see Retry-After.';
  errors[503] = 'The database is unavailable for the moment; see Retry-After.';
  return errors;
}
