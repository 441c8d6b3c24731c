import { randomUUID } from 'node:crypto';

/** Where the published bytes of a given SHA-256 live: fanned out so no directory grows huge. */
export function contentKey(sha256: string): string {
  return `files/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}

/** Where a variant of the file with this SHA-256 lives: beside nothing else, so cleanup can list them. */
export function variantKey(sha256: string, paramsKey: string, ext: string): string {
  return `variants/${sha256.slice(0, 2)}/${sha256}/${paramsKey}.${ext}`;
}

/** A fresh key for bytes still being received; published with move() once checked. */
export function temporaryKey(): string {
  return `tmp/${randomUUID()}`;
}

export const CONTENT_PREFIX = 'files/';
export const TEMPORARY_PREFIX = 'tmp/';
export const VARIANT_PREFIX = 'variants/';

const SAFE_KEY = /^[A-Za-z0-9][A-Za-z0-9._\-/]*$/;

/** Refuses keys that could escape a backend's root (`..`, absolute paths, odd characters). */
export function assertSafeKey(key: string): void {
  if (!SAFE_KEY.test(key) || key.split('/').some((part) => part === '' || part === '.' || part === '..')) {
    throw new Error(`Invalid storage key: ${JSON.stringify(key)}`);
  }
}
