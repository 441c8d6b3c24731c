import type { ServiceIdentifier, Container } from 'inversify';
import type { Sequelize } from 'sequelize';
import type { Logger } from 'pino';
import type { CoreConfig } from './config/env.ts';
import type { JobScheduler } from './jobs/scheduler.ts';
import type { AdminResourceRegistry } from './admin/admin-registry.ts';
import type { SearchIndexRegistry } from './search/search-index-registry.ts';
import type { HealthRegistry } from './http/health.ts';
import type { ApiKeyService } from './auth/api-key.service.ts';
import type { LeaseService } from './jobs/lease.service.ts';
import type { Metrics } from './http/metrics.ts';
import type { OpenApiDocument } from './openapi/openapi-document.ts';
import type { SearchOutbox } from './search/search-outbox.ts';
import type { UrlSigner } from './signing/url-signer.ts';
import type { LeanReader } from './db/lean-reader.ts';

/** What the core binds for every plugin to inject. */
export const CORE = {
  config: Symbol.for('core.config') as ServiceIdentifier<CoreConfig>,
  logger: Symbol.for('core.logger') as ServiceIdentifier<Logger>,
  database: Symbol.for('core.database') as ServiceIdentifier<Sequelize>,
  /** Lean read-only statements on the same database (lean-reader.ts), for hot read paths. */
  reads: Symbol.for('core.reads') as ServiceIdentifier<LeanReader>,
  scheduler: Symbol.for('core.scheduler') as ServiceIdentifier<JobScheduler>,
  leases: Symbol.for('core.leases') as ServiceIdentifier<LeaseService>,
  admin: Symbol.for('core.admin') as ServiceIdentifier<AdminResourceRegistry>,
  searchIndexes: Symbol.for('core.searchIndexes') as ServiceIdentifier<SearchIndexRegistry>,
  searchOutbox: Symbol.for('core.searchOutbox') as ServiceIdentifier<SearchOutbox>,
  health: Symbol.for('core.health') as ServiceIdentifier<HealthRegistry>,
  apiKeys: Symbol.for('core.apiKeys') as ServiceIdentifier<ApiKeyService>,
  metrics: Symbol.for('core.metrics') as ServiceIdentifier<Metrics>,
  openapi: Symbol.for('core.openapi') as ServiceIdentifier<OpenApiDocument>,
  container: Symbol.for('core.container') as ServiceIdentifier<Container>,
  /** Signs URLs (images, thumbnails) that a browser may fetch without a bearer token. */
  urlSigner: Symbol.for('core.urlSigner') as ServiceIdentifier<UrlSigner>,
};
