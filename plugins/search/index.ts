import { claimSingleInstance, CORE, definePlugin } from '../../src/index.ts';
import type { CoreConfig } from '../../src/index.ts';
import { ConfigError } from '../../src/core/config/env.ts';
import { IMAGE_ASSETS } from '../image-assets/tokens.ts';
import { createAssetSearchRoutes } from './asset-search.routes.ts';
import { reindexCommand } from './reindex.command.ts';
import { searchConfigDefaults, searchConfigSchema } from './search.config.ts';
import { searchModule } from './search.module.ts';
import { SEARCH, type SearchConfig } from './tokens.ts';

/** How long a crashed instance's claim on the embedded engine outlives it (renewed every third of it). */
const EMBEDDED_CLAIM_MS = 30_000;

function engineName(core: CoreConfig, config: SearchConfig): string {
  return config.engine ?? (core.search.meilisearchUrl ? 'meilisearch' : 'embedded');
}

/**
 * The search port: indexes that plugins define (ctx.search.define) are kept in the configured
 * engine by draining the core's search outbox, rebuilt on a schedule or by `npm run cli -- reindex`,
 * and searched through SEARCH.service, which answers from the database when the engine is down.
 */
export default definePlugin({
  id: 'search',
  // The built-in engines come with the port, so any plugin that depends on search gets a working one.
  dependsOn: ['search-embedded', 'search-meilisearch'],
  config: { schema: searchConfigSchema, defaults: searchConfigDefaults },
  containerModule: searchModule,
  commands: [reindexCommand],
  init({ container, config, core, jobs, http }) {
    container.bind(SEARCH.config).toConstantValue(config);
    const inProcess = engineName(core, config) === 'embedded';
    jobs.schedule({
      name: 'search.outbox-drain',
      schedule: config.drainSchedule,
      scope: 'instance',
      run: async () => void (await container.get(SEARCH.outboxWorker).drain()),
    });
    jobs.schedule({
      name: 'search.reindex',
      schedule: config.reindexSchedule,
      // An in-process index belongs to one instance; a shared engine needs one rebuild for all.
      scope: inProcess ? 'instance' : 'cluster',
      leaseMs: 60 * 60_000,
      run: async () => void (await container.get(SEARCH.service).rebuild()),
    });
    // The asset search route exists when the image-assets plugin is loaded (its binding exists from the bind phase).
    if (container.isBound(IMAGE_ASSETS.service)) {
      http.use(createAssetSearchRoutes({ search: container.get(SEARCH.service), assets: () => container.get(IMAGE_ASSETS.service) }));
    }
    container.get(CORE.health).add({ name: 'search', check: () => container.get(SEARCH.service).engine.health() });
  },
  async start({ container, config, core, mode, logger, onShutdown }) {
    const search = container.get(SEARCH.service);
    const engine = container.get(SEARCH.engines).pick(engineName(core, config)).create();
    if (engine.inProcess && mode === 'server') {
      // An in-process index sees only the writes its own outbox drain delivers: a second
      // instance on the same database would answer from a diverging index. Refuse instead.
      const claim = await claimSingleInstance(
        container.get(CORE.leases),
        'embedded-search',
        EMBEDDED_CLAIM_MS,
        (holder, until) =>
          `The embedded search engine (MEILISEARCH_URL unset) runs in one instance per database, and instance ${holder} ` +
          `already uses it on this database. To run several instances, set MEILISEARCH_URL on all of them to one Meilisearch. ` +
          `If that instance has crashed, its claim lapses at ${until.toISOString()}; start again after that.`,
        () => logger.error('lost the embedded-search instance claim (database unreachable, or another instance took it after a stall)'),
      );
      onShutdown(() => claim.release());
    }
    search.attach(engine);
    try {
      await search.applySettings();
      if (engine.inProcess && mode === 'server') {
        for (const built of await search.rebuild()) logger.info(built, 'search index built');
      }
    } catch (err) {
      // A wrong key or an unsupported server will not heal by waiting: refuse to start, and say why.
      if (err instanceof ConfigError) throw err;
      // Otherwise the server still starts: writes queue in the outbox and search answers from the database.
      logger.error({ err, engine: engine.name }, 'search engine unavailable at start; search is degraded until it answers');
    }
    if (mode === 'server') container.get(SEARCH.outboxWorker).startLoop();
    logger.info({ engine: engine.name }, 'search engine ready');
  },
  async stop({ container }) {
    await container.get(SEARCH.outboxWorker).stopLoop();
    await container.get(SEARCH.service).close();
  },
});
