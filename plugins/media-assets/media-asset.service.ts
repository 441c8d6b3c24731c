import { randomUUID } from 'node:crypto';
import { Op, type Sequelize, type Transaction } from 'sequelize';
import { CORE, ExpiringLru, InputError, NotFoundError, inject, injectable, type LeanReader, type Principal, type SearchOutbox } from '../../src/index.ts';
import { STORAGE, type FileService, type ParsedUpload, type StoredFile } from '../storage/tokens.ts';
import { TAGS, type TagChange } from '../tags/tokens.ts';
import type { TagService } from '../tags/tag.service.ts';
import { MediaAsset, MediaAssetTag } from './media-asset.model.ts';
import { mediaListCount, mediaListKey, mediaListPage } from './media-asset.query.ts';
import {
  isUuid,
  type BatchTagsInput,
  type CreateMediaAssetInput,
  type MediaAssetView,
  type MediaListQuery,
  type UpdateMediaAssetInput,
} from './media-asset.schemas.ts';
import { readMediaAssetViews, toMediaAssetViews } from './media-asset.view.ts';
import { safeFileName } from './safe-file-name.ts';
import { resolveUploader } from './uploader.ts';

export const MEDIA_INDEX = 'media-assets';

/** A list answer without its assets: the ids of its page and its total, at one library generation. */
interface ListAnswer {
  generation: string;
  ids: string[];
  total: number;
}

interface UploadFields {
  tag_ids?: string[];
  uploaded_by?: string;
}

/** The media library: asset records, their stored files and their tags. */
@injectable()
export class MediaAssetService {
  constructor(
    @inject(CORE.database) private readonly sequelize: Sequelize,
    @inject(CORE.reads) private readonly reader: LeanReader,
    @inject(CORE.searchOutbox) private readonly outbox: SearchOutbox,
    @inject(TAGS.service) private readonly tags: TagService,
    @inject(STORAGE.files) private readonly files: FileService,
  ) {}

  /**
   * List answers by query, each valid while media_library_state.generation is what it was computed
   * at (every write to the library raises it in its own transaction, see `changed`). Bounded: at
   * most 500 answers of at most 200 ids.
   */
  private readonly answers = new ExpiringLru<ListAnswer>(500, 10 * 60_000);

  model(): typeof MediaAsset {
    return MediaAsset;
  }

  async list(query: MediaListQuery): Promise<{ items: MediaAssetView[]; total: number; skip: number; limit: number }> {
    const key = mediaListKey(query);
    const dialect = this.sequelize.getDialect();
    const page = (answer: { ids: string[]; total: number }, items: MediaAssetView[]) => ({ items, total: answer.total, skip: query.skip, limit: query.limit });
    const kept = this.answers.get(key);
    if (kept) {
      // One statement: the kept page's assets, and the generation in the same snapshot. Still current: done.
      const read = kept.ids.length > 0 ? await readMediaAssetViews(this.reader, dialect, kept.ids) : { views: [], generation: await this.generation() };
      if (read.generation !== null && read.generation === kept.generation) return page(kept, read.views);
    }
    // The generation is read before the answer's statements, so the answer is at least as new as it says.
    const generation = await this.generation();
    const answer = await this.answer(query);
    if (generation !== null) this.answers.set(key, { generation, ...answer });
    return page(answer, (await readMediaAssetViews(this.reader, dialect, answer.ids)).views);
  }

  private async answer(query: MediaListQuery): Promise<{ ids: string[]; total: number }> {
    const dialect = this.sequelize.getDialect();
    const page = mediaListPage(dialect, query);
    const count = async () => {
      const statement = mediaListCount(dialect, query);
      const [row] = await this.reader.all<{ n: number | string }>(statement.sql, statement.params);
      return Number(row?.n ?? 0);
    };
    if (!page.carriesTotal) {
      const [rows, total] = await Promise.all([this.reader.all<{ id: string }>(page.sql, page.params), count()]);
      return { ids: rows.map((r) => r.id), total };
    }
    const rows = await this.reader.all<{ id: string; total: number | string }>(page.sql, page.params);
    if (rows.length > 0) return { ids: rows.map((r) => r.id), total: Number(rows[0].total) };
    return { ids: [], total: query.skip === 0 ? 0 : await count() };
  }

  /** The library's current generation; null if its row is missing (answers are then not kept). */
  private async generation(): Promise<string | null> {
    const [row] = await this.reader.all<{ generation: number | string }>('SELECT generation FROM media_library_state WHERE id = 1');
    return row ? String(row.generation) : null;
  }

  /**
   * Marks a write to the library, after the writes it marks and in their transaction (with the
   * search outbox rows): the row is locked from there to the commit only, and every writer takes
   * it after its asset and tag rows, never before.
   */
  private async changed(transaction: Transaction | null): Promise<void> {
    await this.sequelize.query('UPDATE media_library_state SET generation = generation + 1 WHERE id = 1', { transaction: transaction ?? undefined });
  }

  /** A missing asset, or an id that is not a UUID, is a NotFoundError. */
  async require(id: string, transaction?: Transaction): Promise<MediaAsset> {
    const asset = isUuid(id) ? await MediaAsset.findByPk(id, { transaction, lock: transaction ? true : undefined }) : null;
    if (!asset) throw new NotFoundError('Media asset', id);
    return asset;
  }

  async get(id: string): Promise<MediaAssetView> {
    return this.view(await this.require(id));
  }

  /** A record without a stored file (its bytes live elsewhere, or come later through POST /{id}/upload). */
  async createMetadata(input: CreateMediaAssetInput, principal: Principal): Promise<MediaAssetView> {
    const uploadedBy = resolveUploader(principal, input.uploaded_by);
    return this.sequelize.transaction(async (transaction) => {
      const tagIds = await this.requireTagIds(input.tag_ids ?? [], 'body.tag_ids', transaction);
      const now = new Date();
      const asset = await MediaAsset.create(
        {
          id: randomUUID(),
          fileName: input.file_name,
          fileType: input.file_type,
          contentType: input.content_type,
          fileSizeBytes: null,
          fileId: null,
          storageLocation: null,
          sha256: null,
          width: null,
          height: null,
          format: null,
          uploadedAt: now,
          uploadedBy,
          createdAt: now,
          updatedAt: now,
        },
        { transaction },
      );
      await this.link(asset.id, tagIds, transaction);
      await this.outbox.enqueue(MEDIA_INDEX, [asset.id], transaction);
      await this.changed(transaction);
      return this.view(asset, transaction);
    });
  }

  /**
   * One asset per uploaded file, all in one transaction. Whatever goes wrong (a bad field,
   * an unknown tag), the files ingested for this request are discarded, so nothing is left.
   */
  async createFromUploads(uploads: ParsedUpload[], readFields: () => UploadFields, principal: Principal): Promise<MediaAssetView[]> {
    return this.discardingOnFailure(uploads, async () => {
      const fields = readFields();
      const uploadedBy = resolveUploader(principal, fields.uploaded_by);
      return this.sequelize.transaction(async (transaction) => {
        const tagIds = await this.requireTagIds(fields.tag_ids ?? [], 'body.tag_ids', transaction);
        const now = new Date();
        const assets: MediaAsset[] = [];
        for (const upload of uploads) {
          const asset = await MediaAsset.create(
            { id: randomUUID(), fileName: safeFileName(upload.originalName, upload.file.ext), ...this.fileColumns(upload.file), uploadedAt: now, uploadedBy, createdAt: now, updatedAt: now },
            { transaction },
          );
          await this.files.acquire(upload.file.id, transaction);
          await this.link(asset.id, tagIds, transaction);
          assets.push(asset);
        }
        await this.outbox.enqueue(MEDIA_INDEX, assets.map((a) => a.id), transaction);
        await this.changed(transaction);
        return toMediaAssetViews(assets, transaction);
      });
    });
  }

  /** Swaps the asset's bytes; the old file loses a reference in the same transaction. */
  /** The asset keeps its name (set at upload or by PUT) unless `file_name` is given with the new file. */
  async replaceFile(id: string, upload: ParsedUpload, readFields: () => { file_name?: string }): Promise<MediaAssetView> {
    return this.discardingOnFailure([upload], async () => {
      const fields = readFields();
      return this.sequelize.transaction(async (transaction) => {
        const asset = await this.require(id, transaction);
        const previousFileId = asset.fileId;
        const now = new Date();
        asset.set({ ...this.fileColumns(upload.file), fileName: fields.file_name ?? asset.fileName, uploadedAt: now, updatedAt: now });
        await asset.save({ transaction });
        await this.files.acquire(upload.file.id, transaction);
        if (previousFileId) await this.files.release(previousFileId, transaction);
        await this.outbox.enqueue(MEDIA_INDEX, [asset.id], transaction);
        await this.changed(transaction);
        return this.view(asset, transaction);
      });
    });
  }

  async update(id: string, input: UpdateMediaAssetInput): Promise<MediaAssetView> {
    return this.sequelize.transaction(async (transaction) => {
      const asset = await this.require(id, transaction);
      if (input.file_name !== undefined) asset.fileName = input.file_name;
      if (input.tag_ids !== undefined) {
        const tagIds = await this.requireTagIds(input.tag_ids, 'body.tag_ids', transaction);
        const dropped = tagIds.length > 0 ? { tagId: { [Op.notIn]: tagIds } } : {};
        await MediaAssetTag.destroy({ where: { mediaAssetId: asset.id, ...dropped }, transaction });
        await this.link(asset.id, tagIds, transaction);
      }
      asset.updatedAt = new Date();
      await asset.save({ transaction });
      await this.outbox.enqueue(MEDIA_INDEX, [asset.id], transaction);
      await this.changed(transaction);
      return this.view(asset, transaction);
    });
  }

  async remove(id: string): Promise<void> {
    await this.sequelize.transaction(async (transaction) => {
      const asset = await this.require(id, transaction);
      await MediaAssetTag.destroy({ where: { mediaAssetId: asset.id }, transaction });
      await asset.destroy({ transaction });
      if (asset.fileId) await this.files.release(asset.fileId, transaction);
      await this.outbox.enqueue(MEDIA_INDEX, [asset.id], transaction);
      await this.changed(transaction);
    });
  }

  async addTags(id: string, tagIds: string[]): Promise<MediaAssetView> {
    const [view] = await this.changeTags([id], tagIds, [], 'path');
    return view;
  }

  async removeTags(id: string, tagIds: string[]): Promise<MediaAssetView> {
    const [view] = await this.changeTags([id], [], tagIds, 'path');
    return view;
  }

  /** Adds and removes tags on many assets in one transaction. */
  async batchTags(input: BatchTagsInput): Promise<MediaAssetView[]> {
    return this.changeTags(input.asset_ids, input.add_tag_ids ?? [], input.remove_tag_ids ?? [], 'body');
  }

  private async changeTags(assetIds: string[], add: string[], remove: string[], idsFrom: 'path' | 'body'): Promise<MediaAssetView[]> {
    const ids = [...new Set(assetIds)];
    return this.sequelize.transaction(async (transaction) => {
      const assets = await this.requireAssets(ids, idsFrom, transaction);
      const addIds = await this.requireTagIds(add, idsFrom === 'path' ? 'body.tag_ids' : 'body.add_tag_ids', transaction);
      const removeIds = await this.requireTagIds(remove, idsFrom === 'path' ? 'body.tag_ids' : 'body.remove_tag_ids', transaction);
      if (removeIds.length > 0) {
        await MediaAssetTag.destroy({ where: { mediaAssetId: { [Op.in]: ids }, tagId: { [Op.in]: removeIds } }, transaction });
      }
      for (const id of ids) await this.link(id, addIds, transaction);
      const now = new Date();
      await MediaAsset.update({ updatedAt: now }, { where: { id: { [Op.in]: ids } }, transaction });
      for (const asset of assets) asset.updatedAt = now;
      await this.outbox.enqueue(MEDIA_INDEX, ids, transaction);
      await this.changed(transaction);
      return toMediaAssetViews(assets, transaction);
    });
  }

  /** The asset and the stored file behind it, for a download. */
  async fileOf(id: string): Promise<{ asset: MediaAsset; file: StoredFile }> {
    const asset = await this.require(id);
    const file = asset.fileId ? await this.files.get(asset.fileId) : null;
    if (!file) throw new NotFoundError(`The file of media asset ${id}`);
    return { asset, file };
  }

  openFile(file: StoredFile, range?: { start: number; end: number }) {
    return this.files.open(file, range);
  }

  async assetIdsForTag(tagId: string, skip: number, limit: number): Promise<{ items: string[]; total: number }> {
    await this.tags.require(tagId);
    const [total, rows] = await Promise.all([
      MediaAssetTag.count({ where: { tagId } }),
      MediaAssetTag.findAll({ where: { tagId }, attributes: ['mediaAssetId'], order: [['mediaAssetId', 'ASC']], offset: skip, limit }),
    ]);
    return { items: rows.map((r) => r.mediaAssetId), total };
  }

  async countForTag(tagId: string): Promise<number> {
    await this.tags.require(tagId);
    return this.countLinks(tagId);
  }

  countLinks(tagId: string): Promise<number> {
    return MediaAssetTag.count({ where: { tagId } });
  }

  /** Keeps search documents in step with tag renames, and drops a deleted tag's associations. */
  async onTagChange(change: TagChange, transaction: Transaction | null): Promise<void> {
    const options = { transaction: transaction ?? undefined };
    const links = await MediaAssetTag.findAll({ where: { tagId: change.tagId }, attributes: ['mediaAssetId'], ...options });
    if (change.kind === 'deleted') await MediaAssetTag.destroy({ where: { tagId: change.tagId }, ...options });
    if (change.kind === 'merged' && change.intoTagId) {
      const already = new Set((await MediaAssetTag.findAll({ where: { tagId: change.intoTagId }, attributes: ['mediaAssetId'], ...options })).map((l) => l.mediaAssetId));
      const moved = links.filter((l) => !already.has(l.mediaAssetId)).map((l) => ({ mediaAssetId: l.mediaAssetId, tagId: change.intoTagId! }));
      if (moved.length > 0) await MediaAssetTag.bulkCreate(moved, options);
      await MediaAssetTag.destroy({ where: { tagId: change.tagId }, ...options });
    }
    await this.outbox.enqueue(MEDIA_INDEX, links.map((l) => l.mediaAssetId), transaction);
    await this.changed(transaction);
  }

  private fileColumns(file: StoredFile) {
    return {
      fileType: file.ext,
      contentType: file.contentType,
      fileSizeBytes: file.size,
      fileId: file.id,
      storageLocation: `${file.driver}:${file.storageKey}`,
      sha256: file.sha256,
      width: file.width,
      height: file.height,
      format: file.format,
    };
  }

  private async discardingOnFailure<T>(uploads: ParsedUpload[], work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      // Only what this request created: identical bytes already stored may belong to someone else.
      for (const upload of uploads) if (upload.created) await this.files.discardIfUnreferenced(upload.file.id);
      throw err;
    }
  }

  private async requireAssets(ids: string[], idsFrom: 'path' | 'body', transaction: Transaction): Promise<MediaAsset[]> {
    if (idsFrom === 'path') return [await this.require(ids[0], transaction)];
    const assets = await MediaAsset.findAll({ where: { id: { [Op.in]: ids } }, transaction, lock: true });
    if (assets.length !== ids.length) {
      const known = new Set(assets.map((a) => a.id));
      const unknown = ids.filter((id) => !known.has(id));
      throw new InputError(`body.asset_ids: unknown media asset ids ${unknown.join(', ')}`, [
        { field: 'body.asset_ids', message: `unknown media asset ids: ${unknown.join(', ')}` },
      ]);
    }
    const order = new Map(ids.map((id, i) => [id, i]));
    return assets.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  }

  private async requireTagIds(ids: string[], field: string, transaction: Transaction): Promise<string[]> {
    return (await this.tags.requireIds(ids, field, transaction)).map((t) => t.id);
  }

  private async link(assetId: string, tagIds: string[], transaction: Transaction): Promise<void> {
    if (tagIds.length === 0) return;
    const now = new Date();
    await MediaAssetTag.bulkCreate(
      tagIds.map((tagId) => ({ mediaAssetId: assetId, tagId, createdAt: now })),
      { transaction, ignoreDuplicates: true },
    );
  }

  private async view(asset: MediaAsset, transaction?: Transaction): Promise<MediaAssetView> {
    const [view] = await toMediaAssetViews([asset], transaction);
    return view;
  }
}
