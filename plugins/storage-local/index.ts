import path from 'node:path';
import { definePlugin } from '../../src/index.ts';
import { STORAGE } from '../storage/tokens.ts';
import { LocalStorageProvider } from './local-storage.provider.ts';

/** Stores files on local disk under DATA_DIR/storage (STORAGE_DRIVER=local, the default). */
export default definePlugin({
  id: 'storage-local',
  dependsOn: ['storage'],
  init({ container, core }) {
    container.get(STORAGE.providers).register(new LocalStorageProvider(path.resolve(core.dataDir, 'storage')));
  },
});
