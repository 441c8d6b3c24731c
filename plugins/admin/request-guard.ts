import type { Request, RequestHandler } from 'express';
import { ForbiddenError, UnsupportedMediaTypeError } from '../../src/index.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
// What the sign-in form and AdminJS send; anything else (text/plain can be posted cross-site without a preflight) is refused.
const BODY_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'application/json'];

function originOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    return new URL(value).origin;
  } catch {
    return 'invalid';
  }
}

function ownOrigins(req: Request, publicUrl: string | undefined): string[] {
  // Through URL, as the browser writes its Origin: lower-case host, default port dropped.
  const own = [originOf(`${req.protocol}://${req.host ?? ''}`) ?? 'invalid'];
  if (publicUrl) own.push(new URL(publicUrl).origin);
  return own;
}

const hasBody = (req: Request) => Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;

/**
 * CSRF protection for the dashboard, beyond SameSite=Lax cookies (which another site on the same
 * host still passes): a state-changing request must come from the dashboard's own origin, by
 * Sec-Fetch-Site where the browser sends it, else by Origin or Referer. Clients that send none of
 * them are not browsers, and cannot carry a victim's cookie unnoticed.
 */
export function adminRequestGuard(publicUrl: string | undefined): RequestHandler {
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const site = req.get('sec-fetch-site');
    const origin = originOf(req.get('origin')) ?? originOf(req.get('referer'));
    const crossSite = site !== undefined ? site !== 'same-origin' && site !== 'none' : origin !== undefined && !ownOrigins(req, publicUrl).includes(origin);
    if (crossSite) throw new ForbiddenError('The dashboard accepts changes only from its own pages (this request came from another site).');
    const type = (req.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (hasBody(req) && !BODY_TYPES.includes(type)) {
      throw new UnsupportedMediaTypeError(`The dashboard accepts ${BODY_TYPES.join(', ')} bodies, not ${type || 'an untyped body'}.`);
    }
    next();
  };
}
