/**
 * The plugin SDK: everything a plugin may import from the core.
 * Third-party plugins import it as `asset-forge`.
 */
import 'reflect-metadata';

export { definePlugin } from './core/define-plugin.ts';
export type {
  AnyPlugin,
  CommandContext,
  HttpMount,
  PluginCommand,
  PluginContext,
  PluginDefinition,
} from './core/define-plugin.ts';
export { CORE } from './core/tokens.ts';
export type { CoreConfig } from './core/config/env.ts';
export { ApiRouter, parseInput } from './core/http/api-router.ts';
export type { HandlerInput, RouteSpec } from './core/http/api-router.ts';
export { sendProblem } from './core/http/problem.ts';
export { ifRangeHolds, isNotModified, parseRange } from './core/http/http-conditions.ts';
export type { ByteRange } from './core/http/http-conditions.ts';
export { SiteLink, linkSchema, nullableLinkSchema, siteLink } from './core/http/site-link.ts';
export { byTransport } from './core/http/transport-security.ts';
export { placeholders, readTimestamp } from './core/db/lean-reader.ts';
export type { LeanReader } from './core/db/lean-reader.ts';
export type { HealthCheck } from './core/http/health.ts';
export {
  AppError,
  ConflictError,
  ForbiddenError,
  InputError,
  NotFoundError,
  PayloadTooLargeError,
  RangeNotSatisfiableError,
  RateLimitedError,
  UnauthorizedError,
  UnavailableError,
  UnprocessableError,
  UnsupportedMediaTypeError,
} from './core/errors/errors.ts';
export type { FieldError } from './core/errors/errors.ts';
export { assertCanWrite, assertProjectAccess, canSeeProject } from './core/auth/principal.ts';
export type { Principal } from './core/auth/principal.ts';
export { optionalBearer } from './core/auth/bearer-auth.ts';
export type { UrlSigner } from './core/signing/url-signer.ts';
export { ExpiringLru } from './core/cache/expiring-lru.ts';
export { serveWorkerTask, WorkerTask } from './core/workers/worker-task.ts';
export { jsonColumn, timestampColumn } from './core/db/json-column.ts';
export { dialectOf } from './core/db/database.ts';
export { isDeadlock } from './core/db/deadlock.ts';
export { isDatabaseUnavailable } from './core/db/unavailable.ts';
export type { JobDefinition, JobScheduler } from './core/jobs/scheduler.ts';
export type { HeldLease, LeaseService } from './core/jobs/lease.service.ts';
export { claimSingleInstance, SingleInstanceError } from './core/jobs/single-instance.ts';
export type { AdminActionField, AdminCustomAction, AdminDownload, AdminParams, AdminResourceEntry, AdminUploadedFile, AdminWrites, PluginAdmin } from './core/admin/admin-registry.ts';
export { apiKeyAdminResource } from './core/admin/api-key.admin.ts';
export { DASHBOARD_PRINCIPAL } from './core/admin/admin-registry.ts';
export type { FacetCount, SearchFilterValue, SearchIndexDefinition, SearchIndexRegistry, SearchPage, SearchQuery } from './core/search/search-index-registry.ts';
export type { SearchOutbox } from './core/search/search-outbox.ts';
export { SearchOutboxEntry } from './core/search/search-outbox.model.ts';
export { ContainerModule, inject, injectable } from 'inversify';
export type { ServiceIdentifier } from 'inversify';
export { z } from './core/openapi/zod.ts';
// A plugin's models and queries use the core's copy of Sequelize: a plugin outside the repository has no other.
export { DataTypes, Model, Op } from 'sequelize';
export type {
  CreationOptional,
  ForeignKey,
  InferAttributes,
  InferCreationAttributes,
  ModelStatic,
  NonAttribute,
  Sequelize,
  Transaction,
  WhereOptions,
} from 'sequelize';
export type { Logger } from 'pino';
