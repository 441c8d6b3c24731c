import { Readable } from 'node:stream';
import { temporaryKey, TEMPORARY_PREFIX } from './storage-keys.ts';
import type { StorageProvider } from './tokens.ts';

/**
 * Readiness for uploads: they are received under tmp/ before being published, so a write must
 * work there, not only at the backend's root (which the `storage` check covers).
 */
export async function checkUploadArea(provider: StorageProvider): Promise<void> {
  const key = temporaryKey();
  try {
    await provider.put(key, Readable.from([Buffer.from('ok')]));
  } catch (err) {
    throw new Error(`cannot write where uploads are received (${TEMPORARY_PREFIX}): ${(err as Error).message}`);
  }
  await provider.delete(key);
}
