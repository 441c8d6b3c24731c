import { CORE, definePlugin } from '../../src/index.ts';
import { cleanupCommand } from './cleanup.command.ts';
import { STORAGE_CONFIG, storageConfigDefaults, storageConfigSchema } from './cleanup.config.ts';
import { StorageCleanupService } from './cleanup.service.ts';
import { fileAdminResource } from './file.admin.ts';
import { defineFileModels } from './file.model.ts';
import { storageModule } from './storage.module.ts';
import { STORAGE } from './tokens.ts';
import { checkUploadArea } from './upload-area-check.ts';

/**
 * The files table and the StorageProvider port. Backends (storage-local, storage-s3, or a third
 * party's) register a provider in their `init`; `start` selects the one STORAGE_DRIVER names and
 * fails the boot if it is missing. Tests that boot `storage` must also load a backend plugin.
 * A cluster-wide job (and `npm run cli -- cleanup`) removes what nothing references after a grace period.
 */
export default definePlugin({
  id: 'storage',
  containerModule: storageModule,
  models: defineFileModels,
  config: { schema: storageConfigSchema, defaults: storageConfigDefaults },
  commands: [cleanupCommand],
  init({ container, config, jobs, admin, sequelize }) {
    container.bind(STORAGE_CONFIG).toConstantValue(config);
    container.bind(STORAGE.cleanup).to(StorageCleanupService).inSingletonScope();
    admin.addResource(fileAdminResource(container.get(STORAGE.files), sequelize));
    jobs.schedule({
      name: 'storage.cleanup',
      schedule: config.cleanupSchedule,
      scope: 'cluster',
      leaseMs: 60 * 60_000,
      run: async () => void (await container.get(STORAGE.cleanup).run({ dryRun: false })),
    });
  },
  start({ container, core, logger }) {
    const provider = container.get(STORAGE.providers).select(core.storage.driver);
    container.get(CORE.health).add({ name: 'storage', check: () => provider.health() });
    container.get(CORE.health).add({ name: 'uploads', check: () => checkUploadArea(provider) });
    logger.info({ driver: provider.driver }, 'storage provider selected');
  },
});
