import { randomUUID } from 'node:crypto';
import { IndexHints, Op, QueryTypes, type Order, type Sequelize, type Transaction, type WhereOptions } from 'sequelize';
import { CORE, ConflictError, ExpiringLru, assertProjectAccess, inject, injectable, type Principal, type SearchOutbox } from '../../src/index.ts';
import { AssetTagStore } from './asset-tags.ts';
import { findVisibleAsset } from './asset-access.ts';
import { FileReleaser } from './file-releaser.ts';
import { Generation } from './generation.model.ts';
import { ImageAsset } from './image-asset.model.ts';
import type { CreateAssetInput, ListAssetsQuery, UpdateAssetInput } from './image-asset.schemas.ts';
import { IMAGE_ASSETS_INDEX } from './image-asset.search.ts';
import { toAssetView, type ImageAssetView } from './image-asset.views.ts';
import { IMAGE_ASSETS } from './tokens.ts';
import { WriteTransactions } from './write-transactions.ts';

const SORT_COLUMNS = { created_at: 'createdAt', updated_at: 'updatedAt', name: 'name', generation_count: 'totalGenerations' } as const;
/** The (project_id, column) index that yields a project's assets already in each sort order. */
const SORT_INDEXES = {
  created_at: 'image_assets_project_created',
  updated_at: 'image_assets_project_updated',
  name: 'image_assets_project_name',
  generation_count: 'image_assets_project_generations',
} as const;
/** Project sizes only steer the plan of a tag-filtered page, so a minute-old figure will do. */
const PROJECT_SIZE_TTL_MS = 60_000;

/** LIKE pattern for a literal substring; `!` escapes the wildcards the same way on SQLite and MySQL. */
const likePattern = (term: string) => `%${term.replace(/[!%_]/g, '!$&')}%`;

@injectable()
export class ImageAssetService {
  constructor(
    @inject(CORE.database) private readonly sequelize: Sequelize,
    @inject(IMAGE_ASSETS.writes) private readonly writes: WriteTransactions,
    @inject(CORE.searchOutbox) private readonly outbox: SearchOutbox,
    @inject(IMAGE_ASSETS.tags) private readonly tags: AssetTagStore,
    @inject(IMAGE_ASSETS.files) private readonly files: FileReleaser,
  ) {}

  model(): typeof ImageAsset {
    return ImageAsset;
  }

  async list(principal: Principal, projectId: string, query: ListAssetsQuery) {
    assertProjectAccess(principal, projectId);
    const conditions: WhereOptions[] = [{ projectId }];
    if (query.search) {
      const pattern = this.sequelize.escape(likePattern(query.search));
      conditions.push(this.sequelize.literal(`(name LIKE ${pattern} ESCAPE '!' OR description LIKE ${pattern} ESCAPE '!')`));
    }
    let tagIds: string[] = [];
    if (query.tags.length > 0) {
      const found = await this.tags.idsForNames(query.tags);
      if (!found) return { assets: [], total: 0, limit: query.limit, offset: query.offset, has_more: false };
      // One semi-join per tag on the (project_id, tag_id) index: reads this project's links of
      // each tag, where GROUP BY ... HAVING grouped the links of every project.
      tagIds = found;
      const project = this.sequelize.escape(projectId);
      for (const tagId of tagIds) {
        conditions.push({
          id: {
            [Op.in]: this.sequelize.literal(
              `(SELECT image_asset_id FROM image_asset_tags WHERE project_id = ${project} AND tag_id = ${this.sequelize.escape(tagId)})`,
            ),
          },
        });
      }
    }
    if (query.has_generations !== undefined) conditions.push({ totalGenerations: query.has_generations ? { [Op.gt]: 0 } : 0 });
    if (query.created_after) conditions.push({ createdAt: { [Op.gte]: query.created_after } });
    if (query.created_before) conditions.push({ createdAt: { [Op.lt]: query.created_before } });

    const where = { [Op.and]: conditions };
    const direction = query.sort_order === 'asc' ? 'ASC' : 'DESC';
    const order: Order = [[SORT_COLUMNS[query.sort_by], direction], ['id', direction]];
    const onlyTags = tagIds.length > 0 && conditions.length === 1 + tagIds.length;
    // Filtered by tags alone, the links' (project_id, tag_id) index answers the count without
    // reading a single asset row.
    const total = onlyTags ? await this.tags.countCarryingAll(projectId, tagIds) : await ImageAsset.count({ where });
    // The page's ids first, then its rows: with whole rows, MySQL carried every matching row's
    // TEXT description and JSON metadata through its temporary table and sort, not just 50.
    const walk = tagIds.length > 0 && (await this.orderedScanPays(projectId, total, query));
    const page = await ImageAsset.findAll({
      where,
      order,
      limit: query.limit,
      offset: query.offset,
      // Walking the sort index reads just the page's rows, so they can come whole at once.
      attributes: walk ? undefined : ['id'],
      indexHints: walk ? [{ type: IndexHints.FORCE, values: [SORT_INDEXES[query.sort_by]] }] : undefined,
    });
    const byId = new Map((page.length > 0 && !walk ? await ImageAsset.findAll({ where: { id: { [Op.in]: page.map((a) => a.id) } } }) : page).map((a) => [a.id, a]));
    const rows = page.flatMap((a) => byId.get(a.id) ?? []);
    const tags = await this.tags.namesFor(rows.map((a) => a.id));
    return {
      assets: await this.withImageFlags(rows, (a, hasImage) => toAssetView(a, tags.get(a.id) ?? [], undefined, hasImage)),
      total,
      limit: query.limit,
      offset: query.offset,
      has_more: query.offset + rows.length < total,
    };
  }

  async get(principal: Principal, id: string, includeGenerations: boolean): Promise<ImageAssetView> {
    const asset = await findVisibleAsset(id, principal);
    const [tags, generations] = await Promise.all([
      this.tags.namesFor([asset.id]),
      includeGenerations ? Generation.findAll({ where: { assetId: asset.id }, order: [['createdAt', 'ASC'], ['id', 'ASC']] }) : undefined,
    ]);
    // With the generations at hand, whether one has an image needs no query of its own.
    if (generations) return toAssetView(asset, tags.get(asset.id) ?? [], generations, generations.some((g) => g.fileId !== null));
    const [view] = await this.withImageFlags([asset], (a, hasImage) => toAssetView(a, tags.get(a.id) ?? [], generations, hasImage));
    return view;
  }

  /** Views of these assets in the order given; ids that no longer exist are skipped. */
  async viewsByIds(ids: string[]): Promise<ImageAssetView[]> {
    if (ids.length === 0) return [];
    const assets = await ImageAsset.findAll({ where: { id: { [Op.in]: ids } } });
    const byId = new Map(assets.map((a) => [a.id, a]));
    const tags = await this.tags.namesFor(assets.map((a) => a.id));
    const withImage = await this.idsWithImages(assets.map((a) => a.id));
    return ids.flatMap((id) => {
      const asset = byId.get(id);
      return asset ? [toAssetView(asset, tags.get(id) ?? [], undefined, withImage.has(id))] : [];
    });
  }

  async create(principal: Principal, projectId: string, input: CreateAssetInput): Promise<ImageAssetView> {
    assertProjectAccess(principal, projectId);
    return this.writes.run((tx) => this.createIn(projectId, input, tx));
  }

  async createIn(projectId: string, input: CreateAssetInput, transaction: Transaction): Promise<ImageAssetView> {
    const asset = await ImageAsset.create(
      {
        id: randomUUID(),
        projectId,
        name: input.name,
        description: input.description,
        thumbnail: null,
        favoriteGenerationId: null,
        metadata: input.metadata,
      },
      { transaction },
    );
    await this.tags.apply(asset.id, 'replace', input.tags, transaction);
    await this.outbox.enqueue(IMAGE_ASSETS_INDEX, [asset.id], transaction);
    const tags = await this.tags.namesFor([asset.id], transaction);
    return toAssetView(asset, tags.get(asset.id) ?? []);
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
    const generations = await Generation.findAll({ where: { assetId: asset.id }, attributes: ['id', 'fileId'], transaction });
    if (generations.length > 0 && !force) {
      throw new ConflictError(`Asset ${asset.id} has ${generations.length} generation${generations.length === 1 ? '' : 's'}; pass force=true to delete them too.`, {
        generation_count: generations.length,
      });
    }
    await this.files.release(generations.map((g) => g.fileId), transaction);
    await Generation.destroy({ where: { assetId: asset.id }, transaction });
    await asset.destroy({ transaction });
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
    const projectSize = await this.projectSize(projectId);
    return ((query.offset + query.limit) * projectSize) / matches < matches;
  }

  private readonly projectSizes = new ExpiringLru<number>(10_000, PROJECT_SIZE_TTL_MS);

  private async projectSize(projectId: string): Promise<number> {
    const known = this.projectSizes.get(projectId);
    if (known !== undefined) return known;
    const size = await ImageAsset.count({ where: { projectId } });
    this.projectSizes.set(projectId, size);
    return size;
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

  private async withImageFlags<T>(assets: ImageAsset[], view: (asset: ImageAsset, hasImage: boolean) => T): Promise<T[]> {
    const withImage = await this.idsWithImages(assets.map((a) => a.id));
    return assets.map((a) => view(a, withImage.has(a.id)));
  }

  /** Each tag used in the project with the number of its assets carrying it, most used first. */
  async tagCounts(principal: Principal, projectId: string): Promise<{ tags: Array<{ name: string; count: number }> }> {
    assertProjectAccess(principal, projectId);
    const rows = await this.sequelize.query<{ name: string; count: number | string }>(
      // Counted on the links' own (project_id, tag_id) index, then named: no join per asset.
      `SELECT t.name AS name, c.count AS count
       FROM (SELECT tag_id, COUNT(*) AS count FROM image_asset_tags WHERE project_id = :projectId GROUP BY tag_id) c
       JOIN tags t ON t.id = c.tag_id
       ORDER BY c.count DESC, t.name_key ASC`,
      { replacements: { projectId }, type: QueryTypes.SELECT },
    );
    return { tags: rows.map((r) => ({ name: r.name, count: Number(r.count) })) };
  }
}
