import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Sequelize, type QueryInterface } from 'sequelize';
import { SequelizeStorage, Umzug } from 'umzug';
import type { Logger } from 'pino';

const require = createRequire(import.meta.url);

interface MigrationModule {
  up(queryInterface: QueryInterface, sequelize: typeof Sequelize): Promise<void>;
  down(queryInterface: QueryInterface, sequelize: typeof Sequelize): Promise<void>;
}

/**
 * Runs the sequelize-cli style `.cjs` migrations from every folder given, ordered by
 * file name across folders. The ledger is sequelize-cli's own `SequelizeMeta` table,
 * so `npx sequelize-cli db:migrate` and the server agree on what has run.
 */
export function createMigrator(sequelize: Sequelize, folders: string[], logger?: Logger): Umzug<QueryInterface> {
  const files = folders
    .filter((folder) => fs.existsSync(folder))
    .flatMap((folder) =>
      fs
        .readdirSync(folder)
        .filter((name) => name.endsWith('.cjs'))
        .map((name) => ({ name, path: path.join(folder, name) })),
    )
    .sort((a, b) => a.name.localeCompare(b.name));

  const seen = new Set<string>();
  for (const file of files) {
    if (seen.has(file.name)) throw new Error(`Two migrations share the file name ${file.name}; names must be unique across folders.`);
    seen.add(file.name);
  }

  return new Umzug<QueryInterface>({
    context: sequelize.getQueryInterface(),
    storage: new SequelizeStorage({ sequelize, modelName: 'SequelizeMeta', tableName: 'SequelizeMeta', columnName: 'name', timestamps: false }),
    logger: logger
      ? { info: (m) => logger.debug(m), warn: (m) => logger.warn(m), error: (m) => logger.error(m), debug: (m) => logger.trace(m) }
      : undefined,
    migrations: files.map((file) => {
      const load = () => require(file.path) as MigrationModule;
      return {
        name: file.name,
        path: file.path,
        up: async ({ context }) => load().up(context, Sequelize),
        down: async ({ context }) => load().down(context, Sequelize),
      };
    }),
  });
}
