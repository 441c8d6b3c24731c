import { definePlugin } from '../../src/index.ts';
import { STORAGE } from '../storage/tokens.ts';

/**
 * Stores files in an S3 bucket (STORAGE_DRIVER=s3): AWS or any S3-compatible endpoint, from the S3_* variables.
 * The AWS SDK is loaded only when S3 is the chosen driver: it is large, and warns on every start about Node versions.
 */
export default definePlugin({
  id: 'storage-s3',
  dependsOn: ['storage'],
  async init({ container, core, onShutdown }) {
    if (core.storage.driver !== 's3') return;
    const { S3StorageProvider } = await import('./s3-storage.provider.ts');
    const provider = new S3StorageProvider(core.storage.s3);
    container.get(STORAGE.providers).register(provider);
    onShutdown(() => provider.destroy());
  },
});
