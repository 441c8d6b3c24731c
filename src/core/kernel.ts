import 'reflect-metadata';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Container } from 'inversify';
import type { Sequelize } from 'sequelize';
import type { Logger } from 'pino';
import { loadCoreConfig, type CoreConfig } from './config/env.ts';
import { readPluginConfigFile, resolvePluginConfigs } from './config/plugin-config.ts';
import { createSequelize, prepareDatabase } from './db/database.ts';
import { checkDatabaseWrites } from './db/write-check.ts';
import { createMigrator } from './db/migrator.ts';
import type { AnyPlugin, PluginContext } from './define-plugin.ts';
import { createLogger } from './logging/logger.ts';
import { discoverBuiltinPlugins, loadExternalPlugins } from './plugin-discovery.ts';
import { orderPlugins, withDependencies } from './plugin-order.ts';
import { CORE } from './tokens.ts';
import { defineApiKeyModel } from './auth/api-key.model.ts';
import { ApiKeyService } from './auth/api-key.service.ts';
import { defineJobLeaseModel } from './jobs/job-lease.model.ts';
import { LeaseService } from './jobs/lease.service.ts';
import { JobScheduler } from './jobs/scheduler.ts';
import { AdminResourceRegistry } from './admin/admin-registry.ts';
import { SearchIndexRegistry } from './search/search-index-registry.ts';
import { SearchOutbox } from './search/search-outbox.ts';
import { defineSearchOutboxModel } from './search/search-outbox.model.ts';
import { HealthRegistry } from './http/health.ts';
import { Metrics } from './http/metrics.ts';
import { createHttpApp, type HttpApp } from './http/http-app.ts';
import { DatabaseRateLimitStore } from './http/database-rate-limit-store.ts';
import { OpenApiDocument } from './openapi/openapi-document.ts';
import { HmacUrlSigner } from './signing/url-signer.ts';
import { loadSigningKeys } from './signing/signing-keys.ts';
import { defineUrlSigningKeyModel } from './signing/url-signing-key.model.ts';
import { createLeanReader, type LeanReader } from './db/lean-reader.ts';

import { CODE_ROOT, REPO_ROOT } from './code-root.ts';

export { REPO_ROOT };

export interface KernelOptions {
  /** Environment to read configuration from; defaults to process.env. */
  env?: Record<string, string | undefined>;
  /** `server` schedules jobs; `cli` boots everything but the scheduler. */
  mode?: 'server' | 'cli';
  /** Load only these built-in plugins (and what they depend on). Default: all of them. */
  builtinPlugins?: string[];
  /** Plugin objects to add, as if listed in PLUGINS. */
  plugins?: AnyPlugin[];
  /** Per-plugin configuration, over config/plugins.json. */
  pluginConfig?: Record<string, unknown>;
  logger?: Logger;
}

type Phase = 'discover' | 'validate-config' | 'order' | 'bind' | 'migrate' | 'init' | 'start';

/** Loads plugins and runs them through their life: discover, validate, order, bind, migrate, init, start, stop. */
export class Kernel {
  readonly container = new Container({ defaultScope: 'Singleton' });
  readonly config: CoreConfig;
  readonly logger: Logger;
  readonly mode: 'server' | 'cli';
  plugins: AnyPlugin[] = [];
  sequelize!: Sequelize;
  http!: HttpApp;
  readonly phaseTimings: Partial<Record<Phase, number>> = {};

  private pluginConfigs = new Map<string, unknown>();
  private readonly contexts = new Map<string, PluginContext>();
  private readonly shutdownHooks: Array<{ pluginId: string; fn: () => Promise<void> | void }> = [];
  private scheduler!: JobScheduler;
  private urlSigner!: HmacUrlSigner;
  private state: 'created' | 'booted' | 'stopped' = 'created';
  private discovered = false;
  private reads?: LeanReader;

  constructor(private readonly options: KernelOptions = {}) {
    this.config = loadCoreConfig(options.env ?? process.env);
    this.logger = options.logger ?? createLogger(this.config.logLevel);
    this.mode = options.mode ?? 'server';
  }

  async boot(): Promise<void> {
    const bootStarted = Date.now();
    try {
      await this.phase('discover', () => this.discover());
      await this.phase('validate-config', () => this.validateConfig());
      await this.phase('order', () => {
        this.plugins = orderPlugins(this.plugins);
      });
      await this.phase('bind', () => this.bind());
      await this.phase('migrate', () => this.migrate());
      await this.phase('init', () => this.runHook('init'));
      this.http.finalize();
      await this.phase('start', async () => {
        await this.runHook('start');
        if (this.mode === 'server') this.scheduler.start();
      });
    } catch (err) {
      await this.reads?.close().catch(() => undefined);
      await this.sequelize?.close().catch(() => undefined);
      throw err;
    }
    this.state = 'booted';
    this.logger.info({ ms: Date.now() - bootStarted, plugins: this.plugins.map((p) => p.id) }, 'kernel started');
  }

  /** The plugins that would load, without touching the database: what `--help` lists commands from. */
  async discoverPlugins(): Promise<AnyPlugin[]> {
    await this.discover();
    return this.plugins;
  }

  /** Stops plugins in reverse order, then the scheduler and the database. Safe to call twice. */
  async stop(): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    await this.scheduler?.stop();
    for (const plugin of [...this.plugins].reverse()) {
      const context = this.contexts.get(plugin.id);
      try {
        if (plugin.stop && context) await plugin.stop(context);
        for (const hook of this.shutdownHooks.filter((h) => h.pluginId === plugin.id).reverse()) await hook.fn();
      } catch (err) {
        this.logger.error({ err, plugin: plugin.id }, 'plugin stop failed');
      }
    }
    await this.reads?.close();
    await this.sequelize?.close();
    this.logger.info('kernel stopped');
  }

  private async phase(name: Phase, fn: () => Promise<void> | void): Promise<void> {
    const started = Date.now();
    await fn();
    this.phaseTimings[name] = Date.now() - started;
    this.logger.info({ phase: name, ms: this.phaseTimings[name] }, `boot phase ${name}`);
  }

  private async discover(): Promise<void> {
    // The CLI discovers first (for --help), then boots: the plugins found once are kept.
    if (this.discovered) return;
    this.discovered = true;
    const builtin = await discoverBuiltinPlugins(path.join(CODE_ROOT, 'plugins'));
    const chosen = this.options.builtinPlugins ? withDependencies(builtin, this.options.builtinPlugins) : builtin;
    const external = await loadExternalPlugins(this.config.plugins);
    this.plugins = [...chosen, ...external, ...(this.options.plugins ?? [])];
  }

  private validateConfig(): void {
    const fromFile = readPluginConfigFile(this.config.pluginConfigFile);
    const supplied: Record<string, unknown> = { ...fromFile };
    for (const [id, value] of Object.entries(this.options.pluginConfig ?? {})) {
      supplied[id] = { ...((fromFile[id] as object) ?? {}), ...(value as object) };
    }
    this.pluginConfigs = resolvePluginConfigs(this.plugins, supplied);
  }

  private async bind(): Promise<void> {
    const { container, config, logger } = this;
    this.sequelize = createSequelize(config.databaseUrl, logger.child({ component: 'db' }));
    defineApiKeyModel(this.sequelize);
    defineJobLeaseModel(this.sequelize);
    defineSearchOutboxModel(this.sequelize);
    defineUrlSigningKeyModel(this.sequelize);

    const leases = new LeaseService();
    this.scheduler = new JobScheduler(leases, logger.child({ component: 'jobs' }));
    const health = new HealthRegistry();
    health.add({ name: 'database', check: () => checkDatabaseWrites(this.sequelize) });

    container.bind(CORE.container).toConstantValue(container);
    container.bind(CORE.config).toConstantValue(config);
    container.bind(CORE.logger).toConstantValue(logger);
    container.bind(CORE.database).toConstantValue(this.sequelize);
    this.reads = createLeanReader(this.sequelize);
    container.bind(CORE.reads).toConstantValue(this.reads);
    container.bind(CORE.leases).toConstantValue(leases);
    container.bind(CORE.scheduler).toConstantValue(this.scheduler);
    container.bind(CORE.admin).toConstantValue(new AdminResourceRegistry());
    container.bind(CORE.searchIndexes).toConstantValue(new SearchIndexRegistry());
    container.bind(CORE.searchOutbox).toConstantValue(new SearchOutbox());
    container.bind(CORE.health).toConstantValue(health);
    container.bind(CORE.metrics).toConstantValue(new Metrics());
    container.bind(CORE.openapi).toConstantValue(
      new OpenApiDocument({
        title: 'asset-forge',
        version: '1',
        description: 'Image assets for AI image generation, and a general media library. Every /api route takes `Authorization: Bearer <token>`.',
        license: { name: 'MIT', identifier: 'MIT' },
        contact: { name: 'asset-forge maintainers' },
      }, config.publicUrl ?? '/'),
    );
    container.bind(CORE.apiKeys).to(ApiKeyService);
    this.urlSigner = new HmacUrlSigner(config.images.urlTtlSeconds);
    container.bind(CORE.urlSigner).toConstantValue(this.urlSigner);

    for (const plugin of this.plugins) {
      if (plugin.containerModule) await container.load(plugin.containerModule);
      plugin.models?.(this.sequelize);
    }

    this.http = createHttpApp({
      config,
      logger,
      metrics: container.get(CORE.metrics),
      health,
      apiKeys: container.get(CORE.apiKeys),
      openapi: container.get(CORE.openapi),
      rateLimitStore: config.auth.rateLimitStore === 'database' ? new DatabaseRateLimitStore(this.sequelize) : undefined,
    });
  }

  migrationFolders(): string[] {
    return [path.join(REPO_ROOT, 'migrations'), ...this.plugins.flatMap((p) => (p.migrations ? [p.migrations] : []))];
  }

  private async migrate(): Promise<void> {
    await prepareDatabase(this.sequelize);
    const migrator = createMigrator(this.sequelize, this.migrationFolders(), this.logger);
    const ran = await migrator.up();
    if (ran.length > 0) this.logger.info({ migrations: ran.map((m) => m.name) }, 'migrations applied');
    // The generated signing key lives in a table, so it can only be read once migrations have run.
    this.urlSigner.useKeys(await loadSigningKeys(this.config.urlSigningKeys));
  }

  private contextFor(plugin: AnyPlugin): PluginContext {
    let context = this.contexts.get(plugin.id);
    if (!context) {
      context = {
        id: plugin.id,
        config: this.pluginConfigs.get(plugin.id),
        core: this.config,
        mode: this.mode,
        container: this.container,
        logger: this.logger.child({ plugin: plugin.id }),
        sequelize: this.sequelize,
        http: this.http.mount,
        jobs: this.scheduler,
        admin: this.container.get(CORE.admin).scoped(plugin.id),
        search: this.container.get(CORE.searchIndexes),
        onShutdown: (fn) => {
          this.shutdownHooks.push({ pluginId: plugin.id, fn });
        },
      };
      this.contexts.set(plugin.id, context);
    }
    return context;
  }

  private async runHook(hook: 'init' | 'start'): Promise<void> {
    for (const plugin of this.plugins) {
      const fn = plugin[hook];
      if (!fn) continue;
      const started = Date.now();
      try {
        await fn.call(plugin, this.contextFor(plugin));
      } catch (err) {
        (err as Error).message = `Plugin "${plugin.id}" failed in ${hook}: ${(err as Error).message}`;
        throw err;
      }
      this.logger.debug({ plugin: plugin.id, hook, ms: Date.now() - started }, `plugin ${hook}`);
    }
  }
}
