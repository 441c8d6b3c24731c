import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Sequelize } from 'sequelize';
import type { CoreConfig } from '../../src/index.ts';
// Not (yet) in the plugin SDK; the /api limiter uses the same two.
import { RateLimitedError } from '../../src/core/errors/errors.ts';
import { DatabaseRateLimitStore } from '../../src/core/http/database-rate-limit-store.ts';
import { imageClient } from './image-client.ts';

/**
 * The image routes are public (a signed URL needs no token), so the /api limiter never sees them:
 * they get their own, per token or client address, with counters beside the API's (own prefix)
 * when those live in the database. Every request counts, a cached variant's too: a check of one
 * counter is cheaper than telling the kinds apart, and the limit is set well above what a page
 * of thumbnails needs. Answers null when the limit is off.
 */
export function imageRateLimit(config: CoreConfig, sequelize: Sequelize): RequestHandler | null {
  const limit = config.images.rateLimitPerMinute;
  if (limit === 0) return null;
  return rateLimit({
    windowMs: 60_000,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: imageClient,
    ...(config.auth.rateLimitStore === 'database' ? { store: new DatabaseRateLimitStore(sequelize, 'img:') } : {}),
    handler: (_req, _res, next, options) => next(new RateLimitedError(Math.ceil(options.windowMs / 1000))),
  });
}
