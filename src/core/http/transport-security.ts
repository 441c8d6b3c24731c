import type { RequestHandler } from 'express';

/**
 * Picks the middleware for the transport the browser used. HSTS and `upgrade-insecure-requests`
 * belong only to a site served over TLS: sent over plain HTTP under a name other than localhost,
 * they make the browser rewrite every script, style and form target to https, which nothing
 * answers. TLS is known from the request (`req.secure`, which honours TRUST_PROXY) or from an
 * https PUBLIC_URL.
 */
export function byTransport(publicUrl: string | undefined, make: (secure: boolean) => RequestHandler): RequestHandler {
  const secure = make(true);
  const plain = make(false);
  if (publicUrl?.startsWith('https:')) return secure;
  return (req, res, next) => (req.secure ? secure : plain)(req, res, next);
}
