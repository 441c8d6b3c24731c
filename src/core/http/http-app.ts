import express, { type Express, type Response, type Router } from 'express';
import helmet from 'helmet';
import { rateLimit, type Store } from 'express-rate-limit';
import swaggerUi from 'swagger-ui-express';
import type { Logger } from 'pino';
import type { CoreConfig } from '../config/env.ts';
import type { HttpMount } from '../define-plugin.ts';
import { RateLimitedError } from '../errors/errors.ts';
import type { ApiKeyService } from '../auth/api-key.service.ts';
import { requireBearer } from '../auth/bearer-auth.ts';
import { metricsAccess } from '../auth/metrics-auth.ts';
import type { OpenApiDocument } from '../openapi/openapi-document.ts';
import { isApiRouter, type ApiRouter } from './api-router.ts';
import type { HealthRegistry } from './health.ts';
import type { Metrics } from './metrics.ts';
import { createErrorHandler, notFoundHandler } from './problem.ts';
import { requestLogger } from './request-logger.ts';
import { linkOriginOf, withLinkOrigin } from './site-link.ts';
import { byTransport } from './transport-security.ts';

export interface HttpAppDeps {
  config: CoreConfig;
  logger: Logger;
  metrics: Metrics;
  health: HealthRegistry;
  apiKeys: ApiKeyService;
  openapi: OpenApiDocument;
  /** Shared counters for several instances; the in-memory store when absent. */
  rateLimitStore?: Store;
}

export interface HttpApp {
  app: Express;
  mount: HttpMount;
  /** Adds the 404 and error handlers; call once every plugin has mounted its routes. */
  finalize(): void;
}

export function createHttpApp(deps: HttpAppDeps): HttpApp {
  const { config, logger, metrics, health, apiKeys, openapi } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // Left alone unless configured, so an app that mounts this one keeps its own setting.
  if (config.trustProxy !== false) app.set('trust proxy', config.trustProxy);
  // Once per app rather than per request: every JSON body, whichever route sends it, gets absolute links.
  const expressJson = Object.getPrototypeOf(app.response).json as Response['json'];
  app.response.json = function json(this: Response, body?: unknown) {
    return withLinkOrigin(linkOriginOf(this.req, config.publicUrl), () => expressJson.call(this, body));
  };

  app.use(requestLogger(logger));
  app.use(metrics.middleware());
  app.use(
    byTransport(config.publicUrl, (secure) =>
      helmet({
        crossOriginResourcePolicy: { policy: 'same-site' },
        strictTransportSecurity: secure,
        contentSecurityPolicy: { directives: { 'upgrade-insecure-requests': secure ? [] : null } },
      }),
    ),
  );

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const report = await health.run();
    res.status(report.ok ? 200 : 503).json({ status: report.ok ? 'ready' : 'unavailable', checks: report.checks });
  });
  app.get('/metrics', metricsAccess(apiKeys, config.metrics), async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.get('/openapi.json', (_req, res) => {
    res.json(openapi.build());
  });
  app.use('/docs', swaggerUi.serve, swaggerUi.setup(undefined, { swaggerOptions: { url: '/openapi.json', validatorUrl: null }, customSiteTitle: 'asset-forge API' }));

  const publicRoutes = express.Router();
  const protectedRoutes = express.Router();
  app.use(publicRoutes);
  app.use('/api', requireBearer(apiKeys));
  if (config.auth.rateLimitPerMinute > 0) {
    app.use(
      '/api',
      rateLimit({
        windowMs: 60_000,
        limit: config.auth.rateLimitPerMinute,
        standardHeaders: 'draft-8',
        legacyHeaders: false,
        keyGenerator: (req) => req.principal?.id ?? 'anonymous',
        ...(deps.rateLimitStore ? { store: deps.rateLimitStore } : {}),
        handler: (_req, _res, next, options) => next(new RateLimitedError(Math.ceil(options.windowMs / 1000))),
      }),
    );
  }
  // Bodies are read only once the token is known to be good: a stranger's bytes cost no memory.
  app.use(express.json({ limit: config.jsonBodyLimit, strict: false }));
  app.use(protectedRoutes);

  const attach = (target: Router, router: Router | ApiRouter) => {
    if (isApiRouter(router)) {
      openapi.addRoutes(router.routes, router.options.groups);
      target.use(router.router);
    } else {
      target.use(router);
    }
  };

  return {
    app,
    mount: {
      use: (router) => attach(protectedRoutes, router),
      usePublic: (router) => attach(publicRoutes, router),
    },
    finalize() {
      app.use(notFoundHandler);
      app.use(createErrorHandler(logger));
    },
  };
}
