import { Op, type Order, type Sequelize, type WhereOptions } from 'sequelize';
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
 * table's (tag_id, media_asset_id) index: "all" groups the matching rows per asset and
 * keeps those with one row per wanted tag, so its cost follows the tagged rows, not the library.
 */
export function mediaListWhere(sequelize: Sequelize, query: MediaListQuery): WhereOptions<MediaAsset> {
  const conditions: unknown[] = [];
  const like = (column: string, text: string) => `${column} LIKE ${sequelize.escape(likePattern(text))} ESCAPE '${LIKE_ESCAPE}'`;

  if (query.file_name) conditions.push(sequelize.literal(like('file_name', query.file_name)));
  if (query.file_type) conditions.push({ fileType: query.file_type });
  if (query.uploaded_by !== undefined) conditions.push({ uploadedBy: query.uploaded_by });
  const tagIds = [...new Set(query.tag_ids ?? [])];
  if (tagIds.length > 0) {
    const list = tagIds.map((id) => sequelize.escape(id)).join(', ');
    const matching = `SELECT media_asset_id FROM media_asset_tags WHERE tag_id IN (${list})`;
    conditions.push(
      sequelize.literal(
        query.tag_match === 'any' || tagIds.length === 1
          ? `id IN (${matching})`
          : `id IN (${matching} GROUP BY media_asset_id HAVING COUNT(*) = ${tagIds.length})`,
      ),
    );
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
