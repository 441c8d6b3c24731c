import { Op, QueryTypes, type Order, type Sequelize, type WhereOptions } from 'sequelize';
import { LIKE_ESCAPE, likePattern } from '../tags/tokens.ts';
import type { MediaAsset } from './media-asset.model.ts';
import type { MediaListQuery } from './media-asset.schemas.ts';

const SORT_ATTRIBUTES: Record<MediaListQuery['sort_by'], keyof MediaAsset> = {
  uploaded_at: 'uploadedAt',
  created_at: 'createdAt',
  updated_at: 'updatedAt',
  file_name: 'fileName',
  file_type: 'fileType',
  file_size_bytes: 'fileSizeBytes',
  uploaded_by: 'uploadedBy',
};

/**
 * Turns the list filters into a WHERE clause. Tag filters are subqueries on the join
 * table's (tag_id, media_asset_id) index and its (media_asset_id, tag_id) primary key:
 * "all" is one semi-join per wanted tag, so its cost follows the tagged rows, not the library.
 */
export function mediaListWhere(sequelize: Sequelize, query: MediaListQuery): WhereOptions<MediaAsset> {
  const conditions: unknown[] = [];
  const like = (column: string, text: string) => `${column} LIKE ${sequelize.escape(likePattern(text))} ESCAPE '${LIKE_ESCAPE}'`;

  if (query.file_name) conditions.push(sequelize.literal(like('file_name', query.file_name)));
  if (query.file_type) conditions.push({ fileType: query.file_type });
  if (query.uploaded_by !== undefined) conditions.push({ uploadedBy: query.uploaded_by });
  const tagIds = [...new Set(query.tag_ids ?? [])];
  if (tagIds.length > 0) {
    const carrying = (ids: string[]) => `id IN (SELECT media_asset_id FROM media_asset_tags WHERE tag_id IN (${ids.map((id) => sequelize.escape(id)).join(', ')}))`;
    if (query.tag_match === 'any') conditions.push(sequelize.literal(carrying(tagIds)));
    // "all": one semi-join per tag, answered from the join table's indexes. A GROUP BY ... HAVING
    // subquery made MySQL materialize every link of the wanted tags in a temporary table per query.
    else for (const tagId of tagIds) conditions.push(sequelize.literal(carrying([tagId])));
  }
  const search = query.search?.trim();
  if (search) {
    conditions.push(
      sequelize.literal(
        `(${like('file_name', search)} OR id IN (SELECT mat.media_asset_id FROM media_asset_tags mat JOIN tags t ON t.id = mat.tag_id WHERE ${like('t.name', search)}))`,
      ),
    );
  }
  return { [Op.and]: conditions } as WhereOptions<MediaAsset>;
}

export function mediaListOrder(query: MediaListQuery): Order {
  return [[SORT_ATTRIBUTES[query.sort_by], query.sort_dir.toUpperCase()], ['id', query.sort_dir.toUpperCase()]];
}

/**
 * The list's total when tags are its only filter, counted on the join table alone: joining the
 * links to each other before any asset row halves the index reads of the general count (MySQL
 * otherwise reads every asset carrying the rarest tag). Null when other filters apply.
 */
export async function countByTagsOnly(sequelize: Sequelize, query: MediaListQuery): Promise<number | null> {
  const tagIds = [...new Set(query.tag_ids ?? [])];
  if (tagIds.length === 0 || query.file_name || query.file_type || query.uploaded_by !== undefined || query.search?.trim()) return null;
  const replacements = Object.fromEntries(tagIds.map((id, i) => [`tag${i}`, id]));
  const sql =
    query.tag_match === 'any'
      ? `SELECT COUNT(DISTINCT media_asset_id) AS count FROM media_asset_tags WHERE tag_id IN (${tagIds.map((_, i) => `:tag${i}`).join(', ')})`
      : `SELECT COUNT(*) AS count FROM media_asset_tags l0${tagIds
          .slice(1)
          .map((_, i) => ` JOIN media_asset_tags l${i + 1} ON l${i + 1}.media_asset_id = l0.media_asset_id AND l${i + 1}.tag_id = :tag${i + 1}`)
          .join('')} WHERE l0.tag_id = :tag0`;
  const [row] = await sequelize.query<{ count: number | string }>(sql, { replacements, type: QueryTypes.SELECT });
  return Number(row?.count ?? 0);
}
