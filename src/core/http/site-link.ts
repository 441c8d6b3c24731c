import type { Request } from 'express';
import { z } from '../openapi/zod.ts';

// Set only while a response body is serialised, which is synchronous: no other request's
// serialisation can run in between, so one module-level value is enough.
let linkOrigin = '';

/**
 * A link to one of the server's own routes. Views hold the path and need no request; the link
 * becomes absolute as the response is serialised, from PUBLIC_URL or else the host the request
 * came to (README: "Base URL used in links the API returns").
 */
export class SiteLink {
  constructor(readonly path: string) {}

  toJSON(): string {
    return linkOrigin + this.path;
  }

  toString(): string {
    return this.path;
  }
}

export function siteLink(path: string): SiteLink {
  return new SiteLink(path);
}

// A Host header is a name or address with an optional port; anything else is not echoed into links.
const HOST = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*\.?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

export function linkOriginOf(req: Request, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl;
  // req.host: the Host header, or X-Forwarded-Host from a proxy that TRUST_PROXY names.
  const host = req.host;
  // The scheme may come from X-Forwarded-Proto (TRUST_PROXY): anything but https is taken as http.
  const scheme = req.protocol === 'https' ? 'https' : 'http';
  return host && HOST.test(host) ? `${scheme}://${host.toLowerCase()}` : '';
}

export function withLinkOrigin<T>(origin: string, serialise: () => T): T {
  const previous = linkOrigin;
  linkOrigin = origin;
  try {
    return serialise();
  } finally {
    linkOrigin = previous;
  }
}

const isLink = (value: unknown) => value instanceof SiteLink || typeof value === 'string';

/** Schema of a returned link (a SiteLink, or a URL a client gave); documented as the absolute URL clients receive. */
export const linkSchema = z.custom<SiteLink | string>(isLink).openapi({ type: 'string', format: 'uri' });

/** linkSchema or null. (zod-to-openapi would drop `.nullable()` on a custom type, so the document says it here.) */
export const nullableLinkSchema = z
  .custom<SiteLink | string | null>((value) => value === null || isLink(value))
  .openapi({ type: ['string', 'null'], format: 'uri' });
