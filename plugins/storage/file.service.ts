import { randomUUID } from 'node:crypto';
import { finished, type Readable } from 'node:stream';
import { Op, UniqueConstraintError, type Sequelize, type Transaction } from 'sequelize';
import type { Logger } from 'pino';
import { ConflictError, CORE, InputError, inject, injectable, NotFoundError, UnavailableError } from '../../src/index.ts';
import { FileRecord, toStoredFile } from './file.model.ts';
import { IngestMeter } from './ingest-meter.ts';
import { needsFullSniff, SNIFF_BYTES, sniffContent, sniffStream, type SniffedType } from './content-sniffer.ts';
import { assertAllowedType } from './allowed-types.ts';
import { IMAGE_EXTS, readImageMetadata, type ImageMetadata } from './image-metadata.ts';
import { contentKey, temporaryKey } from './storage-keys.ts';
import { STORAGE, type FileService, type IngestOptions, type StorageProvider, type StorageProviderRegistry, type StoredFile } from './tokens.ts';

/** The files table and the active backend behind it: content-addressed, reference-counted blobs. */
@injectable()
export class StorageFileService implements FileService {
  constructor(
    @inject(STORAGE.providers) private readonly providers: StorageProviderRegistry,
    @inject(CORE.database) private readonly sequelize: Sequelize,
    @inject(CORE.logger) private readonly logger: Logger,
  ) {}

  async ingest(stream: Readable, options: IngestOptions): Promise<{ file: StoredFile; created: boolean }> {
    const provider = this.providers.active();
    const tempKey = temporaryKey();
    let sniffed: SniffedType | null = null;
    const meter = new IngestMeter(options.maxBytes, SNIFF_BYTES, async (head, complete) => {
      sniffed = await sniffContent(head, complete, options.originalName);
      if (head.length > 0 && !needsFullSniff(sniffed, complete)) assertAllowedType(sniffed, options.allowedExts);
    });
    // The provider observes the meter's failure when it reads; this only keeps an early one from going unhandled.
    meter.on('error', () => undefined);
    finished(stream, (err) => {
      if (err) meter.destroy(err);
    });
    stream.pipe(meter);

    let published = false;
    try {
      await provider.put(tempKey, meter);
      const size = meter.size;
      if (size === 0) throw InputError.field('file', 'is empty');
      const head = meter.head;
      const headIsComplete = head.length === size;
      if (needsFullSniff(sniffed, headIsComplete)) sniffed = (await this.sniffStored(provider, tempKey)) ?? sniffed;
      const type = assertAllowedType(sniffed, options.allowedExts);
      const image: ImageMetadata | null = IMAGE_EXTS.has(type.ext)
        ? await readImageMetadata(type.ext, head, headIsComplete, () => provider.get(tempKey), options.maxPixels)
        : null;
      const result = await this.publish(provider, tempKey, meter.digest(), size, type, image);
      published = true;
      return result;
    } catch (err) {
      stream.unpipe(meter);
      stream.resume();
      throw err;
    } finally {
      if (!published) await provider.delete(tempKey).catch((err) => this.logger.warn({ err, key: tempKey }, 'could not remove a temporary object'));
    }
  }

  async acquire(fileId: string, transaction: Transaction): Promise<void> {
    const [changed] = await FileRecord.update(
      { refCount: this.sequelize.literal('ref_count + 1'), unreferencedAt: null },
      { where: { id: fileId }, transaction },
    );
    if (changed === 0) throw new NotFoundError('File', fileId);
  }

  async release(fileId: string, transaction: Transaction): Promise<void> {
    const [changed] = await FileRecord.update(
      { refCount: this.sequelize.literal('ref_count - 1') },
      { where: { id: fileId, refCount: { [Op.gt]: 0 } }, transaction },
    );
    if (changed === 0) {
      if (await FileRecord.findByPk(fileId, { transaction })) throw new ConflictError(`File ${fileId} is not referenced.`);
      throw new NotFoundError('File', fileId);
    }
    // A separate statement: MySQL and SQLite disagree on whether SET sees the decremented count.
    await FileRecord.update({ unreferencedAt: new Date() }, { where: { id: fileId, refCount: 0 }, transaction });
  }

  async discardIfUnreferenced(fileId: string): Promise<void> {
    await this.sequelize.transaction(async (transaction) => {
      const row = await FileRecord.findByPk(fileId, { transaction, lock: transaction.LOCK.UPDATE });
      if (!row || Number(row.refCount) !== 0) return;
      await row.destroy({ transaction });
      // Deleted before the commit: if the object cannot be removed, the row stays and says so.
      await this.providerFor(row.driver).delete(row.storageKey);
    });
  }

  async get(fileId: string): Promise<StoredFile | null> {
    const row = await FileRecord.findByPk(fileId);
    return row ? toStoredFile(row) : null;
  }

  async open(file: StoredFile, range?: { start: number; end: number }): Promise<Readable> {
    return this.providerFor(file.driver).get(file.storageKey, range);
  }

  private providerFor(driver: string): StorageProvider {
    const provider = this.providers.get(driver);
    if (!provider) throw new UnavailableError(`The storage driver "${driver}" holding this file is not loaded.`);
    return provider;
  }

  private async sniffStored(provider: StorageProvider, key: string): Promise<SniffedType | null> {
    const stream = await provider.get(key);
    try {
      return await sniffStream(stream);
    } finally {
      stream.destroy();
    }
  }

  /** Moves checked bytes to their content address and records them; identical bytes are kept once. */
  private async publish(
    provider: StorageProvider,
    tempKey: string,
    sha256: string,
    size: number,
    type: SniffedType,
    image: ImageMetadata | null,
  ): Promise<{ file: StoredFile; created: boolean }> {
    const existing = await FileRecord.findOne({ where: { driver: provider.driver, sha256 } });
    // Uploaded again while unreferenced: restart its grace period first, so cleanup (which re-checks
    // it under a row lock) no longer takes it; if cleanup got there first, publish the bytes anew.
    if (existing) await FileRecord.update({ unreferencedAt: new Date() }, { where: { id: existing.id, refCount: 0 } });
    if (existing && (await FileRecord.count({ where: { id: existing.id } })) > 0) {
      // Heal a row whose object went missing rather than hand out a file that cannot be read.
      if (await provider.exists(existing.storageKey)) await provider.delete(tempKey);
      else await provider.move(tempKey, existing.storageKey);
      return { file: toStoredFile(existing), created: false };
    }
    const storageKey = contentKey(sha256);
    await provider.move(tempKey, storageKey);
    try {
      const row = await FileRecord.create({
        id: randomUUID(),
        sha256,
        size,
        contentType: type.contentType,
        ext: type.ext,
        width: image?.width ?? null,
        height: image?.height ?? null,
        format: image?.format ?? null,
        driver: provider.driver,
        storageKey,
        refCount: 0,
        unreferencedAt: new Date(),
      });
      return { file: toStoredFile(row), created: true };
    } catch (err) {
      const winner = await FileRecord.findOne({ where: { driver: provider.driver, sha256 } });
      if (err instanceof UniqueConstraintError && winner) return { file: toStoredFile(winner), created: false };
      if (!winner) await provider.delete(storageKey).catch(() => undefined);
      throw err;
    }
  }
}
