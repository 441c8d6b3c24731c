import { CORE, definePlugin } from '../../src/index.ts';
import { defineFileModels } from './file.model.ts';
import { storageModule } from './storage.module.ts';
import { STORAGE } from './tokens.ts';

/**
 * The files table and the StorageProvider port. Backends (storage-local, storage-s3, or a third
 * party's) register a provider in their `init`; `start` selects the one STORAGE_DRIVER names and
 * fails the boot if it is missing. Tests that boot `storage` must also load a backend plugin.
 */
export default definePlugin({
  id: 'storage',
  containerModule: storageModule,
  models: defineFileModels,
  start({ container, core, logger }) {
    const provider = container.get(STORAGE.providers).select(core.storage.driver);
    container.get(CORE.health).add({ name: 'storage', check: () => provider.health() });
    logger.info({ driver: provider.driver }, 'storage provider selected');
  },
});
