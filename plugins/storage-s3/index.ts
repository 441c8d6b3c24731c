import { definePlugin } from '../../src/index.ts';
import { STORAGE } from '../storage/tokens.ts';
import { S3StorageProvider } from './s3-storage.provider.ts';

/** Stores files in an S3 bucket (STORAGE_DRIVER=s3): AWS or any S3-compatible endpoint, from the S3_* variables. */
export default definePlugin({
  id: 'storage-s3',
  dependsOn: ['storage'],
  init({ container, core, onShutdown }) {
    const provider = new S3StorageProvider(core.storage.s3);
    container.get(STORAGE.providers).register(provider);
    onShutdown(() => provider.destroy());
  },
});
