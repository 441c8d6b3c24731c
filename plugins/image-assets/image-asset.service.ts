import { randomUUID } from 'node:crypto';
import { Op, QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { CORE, ConflictError, NotFoundError, assertProjectAccess, canSeeProject, inject, injectable, type LeanReader, type Principal, type SearchOutbox } from '../../src/index.ts';
import { AssetReads } from './asset-reads.ts';
import type { ProjectCounters } from './project-counters.ts';
import type { ProjectRollups } from './project-rollups.ts';
import { AssetTagStore } from './asset-tags.ts';
import { findVisibleAsset, isUuid } from './asset-access.ts';
import { FileReleaser } from './file-releaser.ts';
import { Generation } from './generation.model.ts';
import { ImageAsset, ImageAssetTag } from './image-asset.model.ts';
import { tagKey } from '../tags/tokens.ts';
import type { CreateAssetInput, ListAssetsQuery, UpdateAssetInput } from './image-asset.schemas.ts';
import { IMAGE_ASSETS_INDEX } from './image-asset.search.ts';
import { ProjectVersionCache, type CachedAsset, type CachedPage } from './project-version-cache.ts';
import { toAssetView, type ImageAssetView } from './image-asset.views.ts';
import { IMAGE_ASSETS } from './tokens.ts';
import { WriteTransactions } from './write-transactions.ts';

const SORT_COLUMNS = { created_at: 'created_at', updated_at: 'updated_at', name: 'name', generation_count: 'total_generations' } as const;
/** The (project_id, column) index that yields a project's assets already in each sort order. */
const SORT_INDEXES = {
  created_at: 'image_assets_project_created',
  updated_at: 'image_assets_project_updated',
  name: 'image_assets_project_name',
  generation_count: 'image_assets_project_generations',
} as const;

/** LIKE pattern for a literal substring; `!` escapes the wildcards the same way on SQLite and MySQL. */
const likePattern = (term: string) => `%${term.replace(/[!%_]/g, '!$&')}%`;

@injectable()
export class ImageAssetService {
  private readonly reads: AssetReads;
  /** List pages and search hits' records (each up to a page's limit of assets). */
  private readonly pages = new ProjectVersionCache<CachedPage>(300);
  private readonly assetsById = new ProjectVersionCache<CachedAsset>(5000);
  /** Which project each recently read asset is in (never changes): its version is read before the asset. */
  private readonly projectOf = new Map<string, string>();

  constructor(
    @inject(CORE.database) private readonly sequelize: Sequelize,
    @inject(IMAGE_ASSETS.writes) private readonly writes: WriteTransactions,
    @inject(CORE.searchOutbox) private readonly outbox: SearchOutbox,
    @inject(IMAGE_ASSETS.tags) private readonly tags: AssetTagStore,
    @inject(IMAGE_ASSETS.files) private readonly files: FileReleaser,
    @inject(IMAGE_ASSETS.counters) private readonly counters: ProjectCounters,
    @inject(IMAGE_ASSETS.rollups) private readonly rollups: ProjectRollups,
    @inject(CORE.reads) reader: LeanReader,
  ) {
    this.reads = new AssetReads(reader, sequelize);
  }

  model(): typeof ImageAsset {
    return ImageAsset;
  }

  async list(principal: Principal, projectId: string, query: ListAssetsQuery) {
    assertProjectAccess(principal, projectId);
    const clauses = ['project_id = ?'];
    const params: unknown[] = [projectId];
    if (query.search) {
      clauses.push("(name LIKE ? ESCAPE '!' OR description LIKE ? ESCAPE '!')");
      params.push(likePattern(query.search), likePattern(query.search));
    }
    let tagIds: string[] = [];
    if (query.tags.length > 0) {
      const found = await this.tags.idsForNames(query.tags);
      if (!found) return { assets: [], total: 0, limit: query.limit, offset: query.offset, has_more: false };
      // One semi-join per tag on the (project_id, tag_id) index: reads this project's links of
      // each tag, where GROUP BY ... HAVING grouped the links of every project.
      tagIds = found;
      for (const tagId of tagIds) {
        clauses.push('id IN (SELECT image_asset_id FROM image_asset_tags WHERE project_id = ? AND tag_id = ?)');
        params.push(projectId, tagId);
      }
    }
    if (query.has_generations !== undefined) clauses.push(query.has_generations ? 'total_generations > 0' : 'total_generations = 0');
    if (query.created_after) {
      clauses.push('created_at >= ?');
      params.push(this.reads.timestampParam(query.created_after));
    }
    if (query.created_before) {
      clauses.push('created_at < ?');
      params.push(this.reads.timestampParam(query.created_before));
    }

    const where = clauses.join(' AND ');
    const direction = query.sort_order === 'asc' ? 'ASC' : 'DESC';
    const order = `${SORT_COLUMNS[query.sort_by]} ${direction}, id ${direction}`;
    const version = await this.counters.version(projectId);
    const cacheKey = JSON.stringify([where, params, order, query.limit, query.offset]);
    let page = this.pages.get(projectId, cacheKey, version);
    if (!page) {
      page = await this.readPage(projectId, where, params, order, tagIds, clauses.length, query);
      this.pages.set(projectId, cacheKey, version, page);
    }
    const { total, records } = page;
    const assets = records.map((record) => toAssetView(record.asset, record.tags, undefined, record.hasImage));
    return { assets, total, limit: query.limit, offset: query.offset, has_more: query.offset + assets.length < total };
  }

  private async readPage(
    projectId: string,
    where: string,
    params: unknown[],
    order: string,
    tagIds: string[],
    clauseCount: number,
    query: ListAssetsQuery,
  ): Promise<CachedPage> {
    // Filtered by tags alone, the links' (project_id, tag_id) index answers the count without
    // reading a single asset row. (One statement with COUNT(*) OVER () was tried for search=:
    // MariaDB then sorted every match instead of walking the sort index, 2.3x slower.)
    // Unfiltered, the project's counter is the total.
    const onlyTags = tagIds.length > 0 && clauseCount === 1 + tagIds.length;
    const total =
      clauseCount === 1
        ? await this.counters.assets(projectId)
        : onlyTags && tagIds.length === 1
          ? await this.counters.taggedAssets(projectId, tagIds[0])
          : onlyTags
            ? await this.tags.countCarryingAll(projectId, tagIds)
            : await this.count(where, params);
    if (total === 0 || query.offset >= total) return { total, records: [] };
    // For a common tag, walking the sort index beats the optimizer's plan (orderedScanPays).
    const walk = tagIds.length > 0 && (await this.orderedScanPays(projectId, total, query));
    const hint = walk ? ` FORCE INDEX (${SORT_INDEXES[query.sort_by]})` : '';
    return { total, records: await this.reads.page(where, params, order, query.limit, query.offset, hint) };
  }

  private async count(where: string, params: unknown[]): Promise<number> {
    const [row] = await this.reads.all<{ n: number | string }>(`SELECT COUNT(*) AS n FROM image_assets WHERE ${where}`, params);
    return Number(row?.n ?? 0);
  }

  async get(principal: Principal, id: string, includeGenerations: boolean): Promise<ImageAssetView> {
    if (!isUuid(id)) throw new NotFoundError('Asset', id);
    const projectId = this.projectOf.get(id);
    const version = projectId === undefined ? undefined : await this.counters.version(projectId);
    const key = `${id}:${includeGenerations}`;
    let kept = projectId === undefined ? undefined : this.assetsById.get(projectId, key, version!);
    if (!kept) {
      const [record] = await this.reads.byIds([id]);
      if (!record) {
        this.projectOf.delete(id);
        throw new NotFoundError('Asset', id);
      }
      kept = { record, ...(includeGenerations ? { generations: await this.reads.generationsOf(id) } : {}) };
      // Kept only at a version read before the rows; the first read of an asset learns its project.
      if (projectId === record.asset.projectId) this.assetsById.set(projectId, key, version!, kept);
      this.rememberProject(id, record.asset.projectId);
    }
    const { record, generations } = kept;
    if (!canSeeProject(principal, record.asset.projectId)) throw new NotFoundError('Asset', id);
    return toAssetView(record.asset, record.tags, generations, record.hasImage);
  }

  private rememberProject(assetId: string, projectId: string): void {
    this.projectOf.delete(assetId);
    this.projectOf.set(assetId, projectId);
    if (this.projectOf.size > 20_000) this.projectOf.delete(this.projectOf.keys().next().value!);
  }

  /**
   * Views of these assets of one project (a search's hits) in the order given, skipping ids no
   * longer there; the records are kept, as list pages are, while the project's version holds.
   */
  async viewsInProject(projectId: string, ids: string[]): Promise<ImageAssetView[]> {
    if (ids.length === 0) return [];
    const version = await this.counters.version(projectId);
    const cacheKey = `ids:${ids.join(',')}`;
    let page = this.pages.get(projectId, cacheKey, version);
    if (!page) {
      const byId = new Map((await this.reads.byIds(ids)).map((record) => [record.asset.id, record]));
      const records = ids.flatMap((id) => {
        const record = byId.get(id);
        return record && record.asset.projectId === projectId ? [record] : [];
      });
      page = { total: records.length, records };
      this.pages.set(projectId, cacheKey, version, page);
    }
    return page.records.map((record) => toAssetView(record.asset, record.tags, undefined, record.hasImage));
  }

  /** Views of these assets in the order given; ids that no longer exist are skipped. */
  async viewsByIds(ids: string[]): Promise<ImageAssetView[]> {
    if (ids.length === 0) return [];
    const byId = new Map((await this.reads.byIds(ids)).map((record) => [record.asset.id, record]));
    return ids.flatMap((id) => {
      const record = byId.get(id);
      return record ? [toAssetView(record.asset, record.tags, undefined, record.hasImage)] : [];
    });
  }

  async create(principal: Principal, projectId: string, input: CreateAssetInput): Promise<ImageAssetView> {
    assertProjectAccess(principal, projectId);
    return this.writes.run((tx) => this.createIn(projectId, input, tx));
  }

  async createIn(projectId: string, input: CreateAssetInput, transaction: Transaction): Promise<ImageAssetView> {
    const [view] = await this.createManyIn(projectId, [input], transaction);
    return view;
  }

  /**
   * Assets in a handful of multi-row statements (assets, tag links, counters, outbox), all in the
   * caller's transaction, however many there are.
   */
  async createManyIn(projectId: string, inputs: CreateAssetInput[], transaction: Transaction): Promise<ImageAssetView[]> {
    if (inputs.length === 0) return [];
    const tagByKey = new Map((await this.tags.named(inputs.flatMap((i) => i.tags), transaction)).map((t) => [t.nameKey, t]));
    const now = new Date();
    const assets = await ImageAsset.bulkCreate(
      inputs.map((input) => ({
        id: randomUUID(),
        projectId,
        name: input.name,
        description: input.description,
        thumbnail: null,
        favoriteGenerationId: null,
        metadata: input.metadata,
        createdAt: now,
        updatedAt: now,
      })),
      { transaction },
    );
    const links = assets.flatMap((asset, i) => {
      const tagIds = new Set(inputs[i].tags.map((name) => tagByKey.get(tagKey(name))?.id).filter((id): id is string => id !== undefined));
      return [...tagIds].map((tagId) => ({ imageAssetId: asset.id, tagId, projectId }));
    });
    if (links.length > 0) await ImageAssetTag.bulkCreate(links, { transaction });
    await this.counters.changeTags(links.map((l) => ({ projectId, tagId: l.tagId, delta: 1 })), transaction);
    await this.counters.bumpVersions([projectId], transaction);
    const ids = assets.map((a) => a.id);
    await this.counters.add(projectId, ids.length, transaction);
    await this.outbox.enqueue(IMAGE_ASSETS_INDEX, ids, transaction);
    const tags = await this.tags.namesFor(ids, transaction);
    return assets.map((asset) => toAssetView(asset, tags.get(asset.id) ?? []));
  }

  async update(principal: Principal, id: string, input: UpdateAssetInput): Promise<ImageAssetView> {
    return this.writes.run(async (transaction) => {
      const asset = await findVisibleAsset(id, principal, { transaction, lock: true });
      if (input.name !== undefined) asset.name = input.name;
      if (input.description !== undefined) asset.description = input.description;
      if (input.metadata !== undefined) asset.metadata = input.metadata;
      const tagsChanged = input.tags !== undefined && (await this.tags.apply(asset.id, 'replace', input.tags, transaction));
      if (asset.changed() || tagsChanged) {
        asset.changed('updatedAt', true);
        await asset.save({ transaction });
        await this.counters.bumpVersions([asset.projectId], transaction);
        await this.outbox.enqueue(IMAGE_ASSETS_INDEX, [asset.id], transaction);
      }
      const tags = await this.tags.namesFor([asset.id], transaction);
      const withImage = await this.idsWithImages([asset.id], transaction);
      return toAssetView(asset, tags.get(asset.id) ?? [], undefined, withImage.has(asset.id));
    });
  }

  async delete(principal: Principal, id: string, force: boolean): Promise<void> {
    await this.writes.run(async (transaction) => {
      const asset = await findVisibleAsset(id, principal, { transaction, lock: true });
      await this.deleteIn(asset, force, transaction);
    });
  }

  /** Deletes a locked asset; with generations it needs `force`, and then they go in the same transaction. */
  async deleteIn(asset: ImageAsset, force: boolean, transaction: Transaction): Promise<void> {
    const generations = await Generation.findAll({
      where: { assetId: asset.id },
      attributes: ['id', 'projectId', 'fileId', 'fileSize', 'status', 'model', 'createdAt'],
      transaction,
    });
    if (generations.length > 0 && !force) {
      throw new ConflictError(`Asset ${asset.id} has ${generations.length} generation${generations.length === 1 ? '' : 's'}; pass force=true to delete them too.`, {
        generation_count: generations.length,
      });
    }
    await this.files.release(generations.map((g) => g.fileId), transaction);
    await Generation.destroy({ where: { assetId: asset.id }, transaction });
    // Links before counts, as every writer takes them: locked as read, deleted, then counted down.
    const links = await ImageAssetTag.findAll({ where: { imageAssetId: asset.id }, attributes: ['tagId'], transaction, lock: transaction.LOCK.UPDATE });
    await ImageAssetTag.destroy({ where: { imageAssetId: asset.id }, transaction });
    await this.counters.changeTags(links.map((l) => ({ projectId: asset.projectId, tagId: l.tagId, delta: -1 })), transaction);
    await this.counters.bumpVersions([asset.projectId], transaction);
    await asset.destroy({ transaction });
    await this.rollups.count(generations, -1, transaction);
    await this.counters.add(asset.projectId, -1, transaction);
    await this.outbox.enqueue(IMAGE_ASSETS_INDEX, [asset.id], transaction);
  }

  /**
   * MySQL reads a tag-filtered page by collecting every tagged asset and sorting them; for a common
   * tag, walking the project's sort index and probing each asset's links stops after one page. The
   * walk reads about (offset + limit) * projectSize / matches entries; it wins when that is fewer
   * than the matches. For a rare tag the optimizer's own plan stays.
   */
  private async orderedScanPays(projectId: string, matches: number, query: ListAssetsQuery): Promise<boolean> {
    if (matches === 0 || this.sequelize.getDialect() === 'sqlite') return false;
    const projectSize = await this.counters.assets(projectId);
    return ((query.offset + query.limit) * projectSize) / matches < matches;
  }

  /** The ids among these whose asset has a generation with a stored file (so a thumbnail): one query for a page. */
  private async idsWithImages(ids: string[], transaction?: Transaction): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await Generation.findAll({
      where: { assetId: { [Op.in]: ids }, fileId: { [Op.ne]: null } },
      attributes: ['assetId'],
      group: ['assetId'],
      transaction,
    });
    return new Set(rows.map((r) => r.assetId));
  }

  /** Each tag used in the project with the number of its assets carrying it, most used first. */
  async tagCounts(principal: Principal, projectId: string): Promise<{ tags: Array<{ name: string; count: number }> }> {
    assertProjectAccess(principal, projectId);
    return { tags: await this.counters.tagCounts(projectId) };
  }

}
