import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, open as openFd } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { NotFoundError } from '../../src/index.ts';
import { assertSafeKey } from '../storage/storage-keys.ts';
import type { StorageProvider, StoredObjectInfo } from '../storage/tokens.ts';

const PARTIAL_SUFFIX = '.partial-';

/**
 * Objects as files under one root directory. A write goes to a partial file beside its target,
 * is fsynced and renamed into place, so a reader never sees half an object.
 */
export class LocalStorageProvider implements StorageProvider {
  readonly driver = 'local';

  constructor(private readonly root: string) {}

  async put(key: string, stream: Readable): Promise<number> {
    const target = this.pathOf(key);
    await fs.mkdir(path.dirname(target), { recursive: true });
    const partial = `${target}${PARTIAL_SUFFIX}${randomUUID()}`;
    let written = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        written += chunk.length;
        callback(null, chunk);
      },
    });
    try {
      // `flush` fsyncs the file before closing it, so the rename below publishes durable bytes.
      await pipeline(stream, counter, createWriteStream(partial, { flags: 'wx', flush: true }));
      await fs.rename(partial, target);
      await syncDirectory(path.dirname(target));
      return written;
    } catch (err) {
      await fs.rm(partial, { force: true });
      throw err;
    }
  }

  async get(key: string, range?: { start: number; end: number }): Promise<Readable> {
    const file = this.pathOf(key);
    // Opened before returning, so a missing object is a rejection rather than a stream error.
    // A plain descriptor rather than a FileHandle: measurably cheaper per request when serving images.
    const fd = await new Promise<number>((resolve, reject) => {
      openFd(file, 'r', (err, opened) => {
        if (err) reject(err.code === 'ENOENT' ? new NotFoundError('Stored object', key) : err);
        else resolve(opened);
      });
    });
    return createReadStream(file, { fd, start: range?.start, end: range?.end, autoClose: true });
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.pathOf(key), { force: true });
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await fs.stat(this.pathOf(key))).isFile();
    } catch {
      return false;
    }
  }

  async *list(prefix: string): AsyncIterable<StoredObjectInfo> {
    const entries = await fs.readdir(this.root, { recursive: true, withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return [];
      throw err;
    });
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const full = path.join(entry.parentPath, entry.name);
      const key = path.relative(this.root, full).split(path.sep).join('/');
      if (!key.startsWith(prefix) || key.startsWith('.')) continue;
      const stat = await fs.stat(full).catch(() => null);
      if (stat) yield { key, size: stat.size, lastModified: stat.mtime };
    }
  }

  async move(fromKey: string, toKey: string): Promise<void> {
    const target = this.pathOf(toKey);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.rename(this.pathOf(fromKey), target);
    await syncDirectory(path.dirname(target));
  }

  async health(): Promise<void> {
    await fs.mkdir(this.root, { recursive: true });
    const probe = path.join(this.root, `.health-${randomUUID()}`);
    await fs.writeFile(probe, 'ok');
    await fs.rm(probe, { force: true });
  }

  private pathOf(key: string): string {
    assertSafeKey(key);
    return path.join(this.root, ...key.split('/'));
  }
}

/** Makes a rename durable: the directory entry itself must reach the disk. */
async function syncDirectory(directory: string): Promise<void> {
  const handle = await fs.open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
