import type { Container, ContainerModule } from 'inversify';
import type { Router } from 'express';
import type { Sequelize } from 'sequelize';
import type { z } from 'zod';
import type { Logger } from 'pino';
import type { CoreConfig } from './config/env.ts';
import type { ApiRouter } from './http/api-router.ts';
import type { PluginAdmin } from './admin/admin-registry.ts';
import type { JobScheduler } from './jobs/scheduler.ts';
import type { SearchIndexRegistry } from './search/search-index-registry.ts';

export interface HttpMount {
  /** Mounts a router behind bearer authentication (every `/api` route). */
  use(router: Router | ApiRouter): void;
  /** Mounts a router that answers without a bearer token (it must do its own access checks). */
  usePublic(router: Router | ApiRouter): void;
}

export interface CommandOption {
  flags: string;
  description: string;
  defaultValue?: string | boolean;
}

export interface CommandContext {
  container: Container;
  logger: Logger;
  options: Record<string, unknown>;
  args: string[];
  /** Where a command writes what it reports to the person running it. */
  print(line: string): void;
}

export interface PluginCommand {
  name: string;
  description: string;
  arguments?: string;
  options?: CommandOption[];
  run(context: CommandContext): Promise<void>;
}

export interface PluginContext<TConfig = unknown> {
  id: string;
  config: TConfig;
  core: CoreConfig;
  /** `server` runs background work (jobs, workers); `cli` boots for a command and should skip it. */
  mode: 'server' | 'cli';
  container: Container;
  logger: Logger;
  sequelize: Sequelize;
  http: HttpMount;
  jobs: JobScheduler;
  admin: PluginAdmin;
  search: SearchIndexRegistry;
  /** Work to run at shutdown, after the HTTP server has drained, in reverse plugin order. */
  onShutdown(fn: () => Promise<void> | void): void;
}

export interface PluginDefinition<TSchema extends z.ZodType = z.ZodType> {
  /** Unique id, kebab-case. Other plugins name it in `dependsOn`. */
  id: string;
  dependsOn?: string[];
  config?: { schema: TSchema; defaults?: Partial<z.input<TSchema>> };
  /** Inversify bindings only: no I/O. */
  containerModule?: ContainerModule;
  /** Defines the plugin's Sequelize models (`Model.init`). Tables come from migrations, never sync(). */
  models?: (sequelize: Sequelize) => void;
  /** A folder of extra `.cjs` migrations (for plugins living outside this repository). */
  migrations?: string;
  /** CLI commands added to `npm run cli`. */
  commands?: PluginCommand[];
  init?(context: PluginContext<z.output<TSchema>>): Promise<void> | void;
  start?(context: PluginContext<z.output<TSchema>>): Promise<void> | void;
  stop?(context: PluginContext<z.output<TSchema>>): Promise<void> | void;
}

export type AnyPlugin = PluginDefinition<z.ZodType>;

/** Declares a plugin. The kernel reads the default export of each plugin's `index.ts`. */
export function definePlugin<TSchema extends z.ZodType = z.ZodType>(definition: PluginDefinition<TSchema>): PluginDefinition<TSchema> {
  return definition;
}
