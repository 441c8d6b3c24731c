import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { ForbiddenError, UnauthorizedError } from '../errors/errors.ts';
import type { ApiKeyService } from './api-key.service.ts';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Metrics name every route and show the process's load: by default only the admin token, an
 * admin API key or METRICS_TOKEN (what a Prometheus scraper is given) may read them.
 */
export function metricsAccess(apiKeys: ApiKeyService, options: { public: boolean; token?: string }): RequestHandler {
  return async (req, _res, next) => {
    if (options.public) return next();
    const token = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!token) throw new UnauthorizedError('Metrics need a bearer token: METRICS_TOKEN or an admin token.');
    if (options.token && sameSecret(token, options.token)) return next();
    const principal = await apiKeys.authenticate(token);
    if (!principal) throw new UnauthorizedError('The bearer token is not valid.');
    if (!principal.isAdmin) throw new ForbiddenError('Metrics are for admin tokens and METRICS_TOKEN.');
    next();
  };
}
