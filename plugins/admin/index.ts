import express, { type RequestHandler } from 'express';
import { CORE, apiKeyAdminResource, definePlugin, z } from '../../src/index.ts';
import { adminAccountResource } from './admin-account.admin.ts';
import { adminPasswordCommand } from './admin-password.command.ts';
import { defineAdminModels } from './admin-account.model.ts';
import { ADMIN_ROOT, createAdminJs } from './admin-app.ts';
import { ensureBundle } from './admin-bundle.ts';
import { createAdminRouter } from './admin-router.ts';
import { adminModule } from './admin.module.ts';
import { adminRequestGuard } from './request-guard.ts';
import { dashboardStats } from './dashboard-stats.ts';
import { maintenancePage } from './maintenance.ts';
import { sessionSecret } from './session-secret.ts';
import { ADMIN } from './tokens.ts';

const configSchema = z.object({
  /** `auto`: Secure when the request came over TLS (req.secure, which honours Express's trust proxy). */
  secureCookies: z.union([z.literal('auto'), z.boolean()]),
});

// Per kernel (tests boot several in one process), keyed by its container.
const mounts = new WeakMap<object, { router?: RequestHandler; close?: () => void }>();

/**
 * The AdminJS dashboard at /admin. Plugins contribute resources through `ctx.admin`; every write
 * goes through their services. Off (with a log line) until an admin account exists, which
 * ADMIN_EMAIL and ADMIN_PASSWORD create at start.
 */
export default definePlugin({
  id: 'admin',
  config: { schema: configSchema, defaults: { secureCookies: 'auto' } },
  containerModule: adminModule,
  models: defineAdminModels,
  commands: [adminPasswordCommand],
  init({ http, admin, container }) {
    // Routes must exist before the core's 404 handler; AdminJS itself is built in `start`, once every plugin has registered.
    // Case-sensitive: /ADMIN must not reach AdminJS, whose own routes are lower-case (it answered 500).
    const outer = express.Router({ caseSensitive: true });
    const mount = {} as { router?: RequestHandler; close?: () => void };
    mounts.set(container, mount);
    outer.use(ADMIN_ROOT, adminRequestGuard(container.get(CORE.config).publicUrl), (req, res, next) => (mount.router ? mount.router(req, res, next) : next()));
    http.usePublic(outer);
    admin.addResource(adminAccountResource(container.get(ADMIN.accounts)));
    admin.addResource(apiKeyAdminResource(container.get(CORE.apiKeys)));
  },
  async start({ container, core, config, logger, sequelize, mode }) {
    const mount = mounts.get(container)!;
    if (mode !== 'server') return;
    const accounts = container.get(ADMIN.accounts);
    const { adminEmail, adminPassword } = core.auth;
    if (adminEmail && adminPassword) {
      const outcome = await accounts.ensure(adminEmail, adminPassword);
      if (outcome === 'created') logger.info({ email: adminEmail }, 'dashboard account created from ADMIN_EMAIL');
    }
    if ((await accounts.count()) === 0) {
      logger.warn('dashboard disabled: no admin account. Set ADMIN_EMAIL and ADMIN_PASSWORD (12+ characters) to create one.');
      return;
    }
    const started = Date.now();
    const registry = container.get(CORE.admin);
    const adminJs = await createAdminJs(registry.resources, {
      dashboard: () => dashboardStats(container, sequelize),
      maintenance: maintenancePage(container),
    });
    const bundle = await ensureBundle(adminJs);
    // We built (or reused) the bundle above; AdminJS must not rebuild it on every production start.
    process.env.ADMIN_JS_SKIP_BUNDLE = 'true';
    const { router, close } = await createAdminRouter({
      admin: adminJs,
      accounts,
      throttle: container.get(ADMIN.throttle),
      sequelize,
      logger,
      secret: await sessionSecret(sequelize),
      secureCookies: config.secureCookies,
      publicUrl: container.get(CORE.config).publicUrl,
      resourceById: (id) => registry.resources.find((entry) => (entry.resource as { tableName?: string }).tableName === id),
    });
    mount.router = router;
    mount.close = close;
    logger.info({ ms: Date.now() - started, bundle, resources: registry.resources.length }, `dashboard ready at ${ADMIN_ROOT}`);
  },
  stop({ container }) {
    const mount = mounts.get(container);
    mount?.close?.();
    mounts.delete(container);
  },
});
