import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import supertest from 'supertest';
import express, { type Express } from 'express';
import type { Container } from 'inversify';
import { createApp } from '../../src/app.ts';
import type { AnyPlugin } from '../../src/index.ts';
import type { Kernel } from '../../src/core/kernel.ts';
import { adoptTestDatabase, createTestDatabase } from './test-database.ts';
import { CORE } from '../../src/core/tokens.ts';
import { responseContract } from './response-contract.ts';
import { TEST_HOST } from './links.ts';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';
export const ADMIN_AUTH = `Bearer ${ADMIN_TOKEN}`;

export interface TestAppOptions {
  /** Built-in plugins to load (with their dependencies); default all. */
  plugins?: string[];
  /** Extra plugin objects. */
  extraPlugins?: AnyPlugin[];
  /** Per-plugin configuration. */
  config?: Record<string, unknown>;
  /** Extra environment variables. */
  env?: Record<string, string>;
  /** Reuse a data dir and database (to test a restart). */
  reuse?: { dataDir: string; databaseUrl: string };
}

export interface TestApp {
  app: Express;
  request: supertest.Agent;
  container: Container;
  kernel: Kernel;
  dataDir: string;
  databaseUrl: string;
  /** Stops the kernel; `keepData` leaves the database and files for a restart. */
  stop(options?: { keepData?: boolean }): Promise<void>;
}

/** Boots the real kernel on a fresh database and data dir. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = options.reuse?.dataDir ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'af-test-')));
  const database = options.reuse ? adoptTestDatabase(options.reuse.databaseUrl) : await createTestDatabase(dataDir);
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    ADMIN_TOKEN,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    PLUGIN_CONFIG: path.join(dataDir, 'no-plugin-config.json'),
    RATE_LIMIT_PER_MINUTE: '0',
    ...options.env,
  };
  let created;
  try {
    created = await createApp({ env, builtinPlugins: options.plugins, plugins: options.extraPlugins, pluginConfig: options.config });
  } catch (err) {
    await database.drop();
    throw err;
  }
  const { kernel } = created;
  // Every response goes through the OpenAPI contract check on its way out.
  const app = express();
  app.disable('x-powered-by');
  app.use(responseContract(() => kernel.container.get(CORE.openapi).build()));
  app.use(created.app);
  return {
    app,
    // One name for every request (not 127.0.0.1:<a new port each time>): links the API returns are absolute and stable.
    request: supertest.agent(app).set('Host', TEST_HOST),
    container: kernel.container,
    kernel,
    dataDir,
    databaseUrl: database.url,
    async stop({ keepData = false } = {}) {
      await kernel.stop();
      if (!keepData) {
        await database.drop();
        await fs.rm(dataDir, { recursive: true, force: true });
      }
    },
  };
}
