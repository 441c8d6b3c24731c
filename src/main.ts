import { createApp } from './app.ts';
import { ConfigError } from './core/config/env.ts';
import { listen } from './core/http/serve.ts';
import { explainDatabaseStartError } from './core/db/database-start-error.ts';

async function main(): Promise<void> {
  let created;
  try {
    created = await createApp();
  } catch (err) {
    // Configuration and plugin-graph problems are for a person to read, not a stack trace.
    const forPeople =
      err instanceof ConfigError || ['PluginGraphError', 'SingleInstanceError'].includes((err as Error).name)
        ? (err as Error).message
        : explainDatabaseStartError(err, process.env.DATABASE_URL ?? '');
    console.error(forPeople ?? err);
    process.exit(1);
  }
  const { app, kernel } = created;
  const server = await listen(app, kernel.config.port, kernel.config.host, kernel.config.http);
  kernel.logger.info({ port: server.port, host: kernel.config.host }, `asset-forge listening on http://${kernel.config.host}:${server.port}`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    kernel.logger.info({ signal }, 'shutting down: draining in-flight requests');
    await server.close(kernel.config.shutdownTimeoutMs);
    await kernel.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

void main();
