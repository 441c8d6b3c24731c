import { Op, QueryTypes, type Sequelize, type Transaction, type WhereOptions } from 'sequelize';
import { CORE, inject, injectable } from '../../src/index.ts';
import { TAGS, Tag, tagKey } from '../tags/tokens.ts';
import type { TagService } from '../tags/tag.service.ts';
import { ImageAsset, ImageAssetTag } from './image-asset.model.ts';
import type { ProjectCounters } from './project-counters.ts';
import { IMAGE_ASSETS } from './tokens.ts';

export type TagOperation = 'add' | 'remove' | 'replace';

/** Links image assets to rows of the shared tag vocabulary through image_asset_tags. */
@injectable()
export class AssetTagStore {
  constructor(
    @inject(CORE.database) private readonly sequelize: Sequelize,
    @inject(TAGS.service) private readonly tags: TagService,
    @inject(IMAGE_ASSETS.counters) private readonly counters: ProjectCounters,
  ) {}

  /** Tag names per asset id, alphabetical. */
  async namesFor(assetIds: string[], transaction?: Transaction): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>(assetIds.map((id) => [id, []]));
    if (assetIds.length === 0) return result;
    const rows = await this.sequelize.query<{ image_asset_id: string; name: string }>(
      `SELECT l.image_asset_id, t.name FROM image_asset_tags l JOIN tags t ON t.id = l.tag_id
       WHERE l.image_asset_id IN (:ids) ORDER BY t.name_key`,
      { replacements: { ids: assetIds }, type: QueryTypes.SELECT, transaction },
    );
    for (const row of rows) result.get(row.image_asset_id)?.push(row.name);
    return result;
  }

  /** Creates the tags of these names that do not exist yet. */
  /** Image assets carrying the tag, within these projects (null: all), from the links' indexes alone. */
  async countVisible(tagId: string, projectIds: string[] | null): Promise<number> {
    if (projectIds !== null && projectIds.length === 0) return 0;
    const where: WhereOptions = projectIds === null ? { tagId } : { tagId, projectId: { [Op.in]: projectIds } };
    return ImageAssetTag.count({ where });
  }

  /** Which of these tag names already exist, by their case-insensitive key. */
  async existingKeys(names: string[]): Promise<Set<string>> {
    const keys = [...new Set(names.map(tagKey))];
    const found = new Set<string>();
    for (let i = 0; i < keys.length; i += 500) {
      const rows = await Tag.findAll({ where: { nameKey: { [Op.in]: keys.slice(i, i + 500) } }, attributes: ['nameKey'] });
      for (const row of rows) found.add(row.nameKey);
    }
    return found;
  }

  /** The tags of these names, created where missing. */
  named(names: string[], transaction: Transaction): Promise<Tag[]> {
    return this.tags.ensureNames(names, transaction);
  }

  /** Applies an operation to one asset's tags; answers whether anything changed. */
  async apply(assetId: string, operation: TagOperation, names: string[], transaction: Transaction): Promise<boolean> {
    if (operation === 'remove') return this.remove(assetId, names, transaction);
    const tags = await this.tags.ensureNames(names, transaction);
    const wanted = new Set(tags.map((t) => t.id));
    // A locking read: the counts below follow the links as they are, not an older snapshot of them.
    const current = new Set((await ImageAssetTag.findAll({ where: { imageAssetId: assetId }, transaction, lock: transaction.LOCK.UPDATE })).map((l) => l.tagId));
    const toAdd = [...wanted].filter((id) => !current.has(id));
    const toRemove = operation === 'replace' ? [...current].filter((id) => !wanted.has(id)) : [];
    if (toAdd.length === 0 && toRemove.length === 0) return false;
    const asset = await ImageAsset.findByPk(assetId, { attributes: ['projectId'], transaction });
    const projectId = asset?.projectId as string;
    if (toRemove.length > 0) await ImageAssetTag.destroy({ where: { imageAssetId: assetId, tagId: { [Op.in]: toRemove } }, transaction });
    if (toAdd.length > 0) await ImageAssetTag.bulkCreate(toAdd.map((tagId) => ({ imageAssetId: assetId, tagId, projectId })), { transaction });
    await this.counters.changeTags(
      [...toAdd.map((tagId) => ({ projectId, tagId, delta: 1 })), ...toRemove.map((tagId) => ({ projectId, tagId, delta: -1 }))],
      transaction,
    );
    return true;
  }

  private async remove(assetId: string, names: string[], transaction: Transaction): Promise<boolean> {
    const keys = [...new Set(names.map(tagKey))];
    const tags = await Tag.findAll({ where: { nameKey: { [Op.in]: keys } }, attributes: ['id'], transaction });
    if (tags.length === 0) return false;
    const where = { imageAssetId: assetId, tagId: { [Op.in]: tags.map((t) => t.id) } };
    const links = await ImageAssetTag.findAll({ where, attributes: ['tagId', 'projectId'], transaction, lock: transaction.LOCK.UPDATE });
    if (links.length === 0) return false;
    await ImageAssetTag.destroy({ where, transaction });
    await this.counters.changeTags(links.map((l) => ({ projectId: l.projectId, tagId: l.tagId, delta: -1 })), transaction);
    return true;
  }

  /** Ids of the tags with these names, or null when one of them does not exist (no asset can carry it). */
  /** How many of the project's assets carry every one of these tags, read from the links alone. */
  async countCarryingAll(projectId: string, tagIds: string[]): Promise<number> {
    const [first, ...rest] = tagIds;
    const also = rest.map((_, i) => ` AND l.image_asset_id IN (SELECT image_asset_id FROM image_asset_tags WHERE project_id = :projectId AND tag_id = :tag${i})`).join('');
    const [row] = await this.sequelize.query<{ count: number | string }>(
      `SELECT COUNT(*) AS count FROM image_asset_tags l WHERE l.project_id = :projectId AND l.tag_id = :first${also}`,
      { replacements: { projectId, first, ...Object.fromEntries(rest.map((id, i) => [`tag${i}`, id])) }, type: QueryTypes.SELECT },
    );
    return Number(row?.count ?? 0);
  }

  async idsForNames(names: string[]): Promise<string[] | null> {
    const keys = [...new Set(names.map(tagKey))];
    const tags = await Tag.findAll({ where: { nameKey: { [Op.in]: keys } }, attributes: ['id'] });
    return tags.length === keys.length ? tags.map((t) => t.id) : null;
  }
}
