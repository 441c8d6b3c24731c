import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import express, { type Request, type RequestHandler, type Router } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import connectSessionSequelize from 'connect-session-sequelize';
import type { AdminJS } from 'adminjs';
import type { Sequelize } from 'sequelize';
import type { Logger } from 'pino';
import { NotFoundError, byTransport, type AdminResourceEntry } from '../../src/index.ts';
import type { AdminAccountService } from './admin-account.service.ts';
import type { LoginThrottle } from './login-throttle.ts';
import { ADMIN_ROOT } from './admin-app.ts';
import { loginPage } from './login-page.ts';

export const SESSION_COOKIE = 'af_admin';
const SESSION_TTL_MS = 8 * 60 * 60_000;

export interface AdminUser {
  id: string;
  email: string;
  title: string;
  /** The account's session stamp at sign-in; a password change or deletion changes it. */
  stamp: string;
}

declare module 'express-session' {
  interface SessionData {
    adminUser?: AdminUser;
  }
}

export interface AdminRouterDeps {
  admin: AdminJS;
  accounts: AdminAccountService;
  throttle: LoginThrottle;
  sequelize: Sequelize;
  logger: Logger;
  secret: string;
  secureCookies: boolean | 'auto';
  /** PUBLIC_URL: an https one means the dashboard is served over TLS even when the request itself is not. */
  publicUrl?: string;
  /** The registered resource with this AdminJS id (its table name). */
  resourceById(id: string): AdminResourceEntry | undefined;
}

// Shown inline (previews) only for raster images; everything else downloads.
const INLINE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif']);

const regenerate = (req: Request) => new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
const saveSession = (req: Request) => new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));

/** Every /admin path behind a session kept in the database; sign-in slowed per email and IP. */
export async function createAdminRouter(deps: AdminRouterDeps): Promise<{ router: Router; close(): void }> {
  const { admin, accounts, throttle, sequelize, logger } = deps;
  const { buildAuthenticatedRouter } = await import('@adminjs/express');
  const SequelizeStore = connectSessionSequelize(session.Store);
  const store = new SequelizeStore({
    db: sequelize,
    modelKey: 'AdminSession',
    tableName: 'admin_sessions',
    expiration: SESSION_TTL_MS,
    checkExpirationInterval: 15 * 60_000,
  });
  const sessionOptions: session.SessionOptions = {
    store,
    secret: deps.secret,
    name: SESSION_COOKIE,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: { httpOnly: true, sameSite: 'lax', secure: deps.secureCookies, path: ADMIN_ROOT, maxAge: SESSION_TTL_MS },
  };

  const router = express.Router();
  // AdminJS pages carry inline scripts (its initial state); everything else in the app keeps the strict policy.
  const imageSources = ["'self'", 'data:'];
  router.use(
    byTransport(deps.publicUrl, (secure) =>
      helmet.contentSecurityPolicy({
        directives: { 'script-src': ["'self'", "'unsafe-inline'"], 'img-src': imageSources, 'upgrade-insecure-requests': secure ? [] : null },
      }),
    ),
  );
  // With the default no-referrer, a form posted over plain HTTP (where browsers send no
  // Sec-Fetch-Site) carries `Origin: null`, and the CSRF guard cannot tell it is our own.
  router.use(helmet.referrerPolicy({ policy: 'same-origin' }));
  router.use(session(sessionOptions));
  router.use(jsonBodyForAdminJs);

  const loginAction = `${ADMIN_ROOT}/login`;
  router.get('/login', (req, res) => {
    if (req.session.adminUser) return res.redirect(302, ADMIN_ROOT);
    res.type('html').send(loginPage({ action: loginAction }));
  });
  // One attempt at a time per email and IP: a burst sent at once would otherwise all pass the
  // failure count before the first failure is recorded.
  const attempting = new Set<string>();
  router.post('/login', express.urlencoded({ extended: false, limit: '10kb' }), async (req, res, next) => {
    const email = typeof req.body?.email === 'string' ? req.body.email.slice(0, 320) : '';
    const ip = req.ip ?? 'unknown';
    const attempt = `${email.trim().toLowerCase()}|${ip}`;
    if (attempting.has(attempt)) {
      res.setHeader('Retry-After', '1');
      return res.status(429).type('html').send(loginPage({ action: loginAction, email, error: 'A sign-in for this email is already being checked. Try again in 1 s.' }));
    }
    attempting.add(attempt);
    try {
      const password = typeof req.body?.password === 'string' ? req.body.password : '';
      const wait = await throttle.retryAfterSeconds(email, ip);
      if (wait > 0) {
        res.setHeader('Retry-After', String(wait));
        return res.status(429).type('html').send(loginPage({ action: loginAction, email, error: `Too many failed attempts. Try again in ${wait} s.` }));
      }
      const account = await accounts.verify(email, password);
      if (!account) {
        await throttle.recordFailure(email, ip);
        logger.warn({ ip }, 'dashboard sign-in refused');
        return res.status(401).type('html').send(loginPage({ action: loginAction, email, error: 'Wrong email or password.' }));
      }
      await throttle.reset(email, ip);
      await regenerate(req); // a new session id on sign-in: no session fixation
      req.session.adminUser = { id: account.id, email: account.email, title: 'Admin', stamp: account.stamp };
      await saveSession(req);
      res.redirect(302, ADMIN_ROOT);
    } catch (err) {
      next(err);
    } finally {
      attempting.delete(attempt);
    }
  });

  router.use(requireSession(accounts));
  router.use(removeUploadedTempFiles);
  router.get('/downloads/:resource/:id', async (req, res, next) => {
    try {
      const entry = deps.resourceById(req.params.resource);
      const file = entry?.download ? await entry.download(req.params.id) : null;
      if (!file) throw new NotFoundError('File', req.params.id);
      const inline = req.query.inline === '1' && INLINE_TYPES.has(file.contentType);
      res.setHeader('Content-Type', file.contentType);
      res.setHeader('Content-Length', String(file.size));
      res.setHeader('Content-Disposition', `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
      res.setHeader('Content-Security-Policy', "sandbox; default-src 'none'");
      res.setHeader('Cache-Control', 'private, no-store');
      await pipeline(file.stream as Readable, res);
    } catch (err) {
      if (res.headersSent) return void res.destroy(err as Error);
      next(err);
    }
  });
  buildAuthenticatedRouter(
    admin,
    {
      // Never reached: sign-in is handled above. AdminJS requires one.
      authenticate: async () => null,
      cookiePassword: deps.secret,
      cookieName: SESSION_COOKIE,
    },
    router,
    sessionOptions,
  );
  return { router, close: () => (store as unknown as { stopExpiringSessions(): void }).stopExpiringSessions() };
}

/** No session: the API answers 401, pages and assets redirect to the sign-in page. */
const requireSession = (accounts: AdminAccountService): RequestHandler => async (req, res, next) => {
  try {
    const user = req.session.adminUser;
    // Deleting the account or changing its password ends its sessions.
    if (user && user.stamp && (await accounts.sessionStamp(user.id)) === user.stamp) return next();
    if (user) await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
  } catch (err) {
    return next(err);
  }
  if (req.path.startsWith('/api/')) {
    res.status(401).type('application/problem+json').json({ type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'Sign in to the dashboard first.' });
    return;
  }
  res.redirect(302, `${ADMIN_ROOT}/login`);
};

/** AdminJS's form parser writes uploads to temporary files; none outlive the request. */
const removeUploadedTempFiles: RequestHandler = (req, res, next) => {
  res.on('close', () => {
    const files = (req as unknown as { files?: Record<string, { path?: unknown }> }).files;
    for (const file of Object.values(files ?? {})) if (typeof file?.path === 'string') fs.rm(file.path, { force: true }, () => undefined);
  });
  next();
};

/**
 * The core parses JSON bodies before AdminJS sees them; hand them over as AdminJS's form fields,
 * or its form parser would wait for a body that was already read.
 */
const jsonBodyForAdminJs: RequestHandler = (req, _res, next) => {
  if (req.is('application/json') && req.body && typeof req.body === 'object') {
    Object.assign(req, { fields: req.body, files: {}, express_formidable: { parsed: true } });
  }
  next();
};
