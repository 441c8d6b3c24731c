import { Op, type Transaction } from 'sequelize';
import { placeholders, readTimestamp, siteLink, type LeanReader } from '../../src/index.ts';
import { Tag } from '../tags/tokens.ts';
import { MediaAsset, MediaAssetTag } from './media-asset.model.ts';
import type { MediaAssetView } from './media-asset.schemas.ts';

/** The tags of each asset, by asset id, sorted by name. Two indexed queries for any number of assets. */
export async function loadTagsByAsset(assetIds: string[], transaction?: Transaction): Promise<Map<string, Tag[]>> {
  const byAsset = new Map<string, Tag[]>(assetIds.map((id) => [id, []]));
  if (assetIds.length === 0) return byAsset;
  const links = await MediaAssetTag.findAll({ where: { mediaAssetId: { [Op.in]: assetIds } }, transaction });
  if (links.length === 0) return byAsset;
  const tags = await Tag.findAll({ where: { id: { [Op.in]: [...new Set(links.map((l) => l.tagId))] } }, transaction });
  const tagById = new Map(tags.map((t) => [t.id, t]));
  for (const link of links) {
    const tag = tagById.get(link.tagId);
    if (tag) byAsset.get(link.mediaAssetId)?.push(tag);
  }
  for (const list of byAsset.values()) list.sort((a, b) => a.nameKey.localeCompare(b.nameKey));
  return byAsset;
}

/** What a view shows of an asset: a model instance, or a row read lean. */
type AssetFields = Pick<
  MediaAsset,
  | 'id' | 'fileName' | 'fileType' | 'storageLocation' | 'contentType' | 'fileSizeBytes' | 'fileId' | 'sha256' | 'width' | 'height' | 'format'
  | 'uploadedAt' | 'uploadedBy' | 'createdAt' | 'updatedAt'
>;
type TagFields = Pick<Tag, 'id' | 'name' | 'color' | 'nameKey'>;

export function toMediaAssetView(asset: AssetFields, tags: TagFields[]): MediaAssetView {
  return {
    id: asset.id,
    file_name: asset.fileName,
    file_type: asset.fileType,
    storage_location: asset.storageLocation,
    content_type: asset.contentType,
    file_size_bytes: asset.fileSizeBytes,
    sha256: asset.sha256,
    width: asset.width,
    height: asset.height,
    format: asset.format,
    uploaded_at: asset.uploadedAt.toISOString(),
    uploaded_by: asset.uploadedBy,
    created_at: asset.createdAt.toISOString(),
    updated_at: asset.updatedAt.toISOString(),
    tag_ids: tags.map((t) => t.id),
    tags: tags.map((t) => ({ id: t.id, name: t.name, color: t.color })),
    download_url: asset.fileId ? siteLink(`/api/media-assets/${asset.id}/download`) : null,
  };
}

export async function toMediaAssetViews(assets: MediaAsset[], transaction?: Transaction): Promise<MediaAssetView[]> {
  const tags = await loadTagsByAsset(assets.map((a) => a.id), transaction);
  return assets.map((a) => toMediaAssetView(a, tags.get(a.id) ?? []));
}

interface AssetRow {
  id: string;
  file_name: string;
  file_type: string;
  content_type: string;
  file_size_bytes: number | string | null;
  file_id: string | null;
  storage_location: string | null;
  sha256: string | null;
  width: number | null;
  height: number | null;
  format: string | null;
  uploaded_at: unknown;
  uploaded_by: string;
  created_at: unknown;
  updated_at: unknown;
}

interface TagJson {
  id: string;
  name: string;
  color: string | null;
  key: string;
}

const ASSET_COLUMNS =
  'm.id, m.file_name, m.file_type, m.content_type, m.file_size_bytes, m.file_id, m.storage_location, m.sha256, m.width, m.height, m.format, m.uploaded_at, m.uploaded_by, m.created_at, m.updated_at';

/** An asset's tags as one JSON array in its row (unordered: sorted here), so a page is one statement. */
const tagsColumn = (dialect: string) => {
  const [arrayOf, object] = dialect === 'sqlite' ? ['json_group_array', 'json_object'] : ['JSON_ARRAYAGG', 'JSON_OBJECT'];
  return `(SELECT ${arrayOf}(${object}('id', t.id, 'name', t.name, 'color', t.color, 'key', t.name_key)) FROM media_asset_tags l JOIN tags t ON t.id = l.tag_id WHERE l.media_asset_id = m.id) AS tags_json`;
};

/** SQLite and MariaDB answer text (MariaDB NULL for no tags), MySQL's JSON type may come parsed. */
function parseTags(value: unknown): TagFields[] {
  const list = (typeof value === 'string' ? JSON.parse(value) : (value ?? [])) as TagJson[];
  return list.map((t) => ({ id: t.id, name: t.name, color: t.color, nameKey: t.key })).sort((a, b) => a.nameKey.localeCompare(b.nameKey));
}

/** The library's generation (migration 0914), as a column of the same statement and snapshot. */
const GENERATION_COLUMN = '(SELECT generation FROM media_library_state WHERE id = 1) AS library_generation';

/**
 * The views of these assets in this order, read lean in one statement (no model instances):
 * what a list page costs once its ids are known. An id no longer in the table is left out.
 * `generation` is the library's generation in the snapshot the rows were read in (null when no
 * row came back), so a kept answer can be checked and its page read in one statement.
 */
export async function readMediaAssetViews(reader: LeanReader, dialect: string, ids: string[]): Promise<{ views: MediaAssetView[]; generation: string | null }> {
  if (ids.length === 0) return { views: [], generation: null };
  const assets = await reader.all<AssetRow & { tags_json: unknown; library_generation: number | string | null }>(
    `SELECT ${ASSET_COLUMNS}, ${tagsColumn(dialect)}, ${GENERATION_COLUMN} FROM media_assets m WHERE m.id IN (${placeholders(ids.length)})`,
    ids,
  );
  const first = assets[0]?.library_generation;
  const generation = first === undefined || first === null ? null : String(first);
  const byId = new Map(assets.map((row) => [row.id, row]));
  const views: MediaAssetView[] = [];
  for (const id of ids) {
    const row = byId.get(id);
    if (!row) continue;
    const asset: AssetFields = {
      id: row.id,
      fileName: row.file_name,
      fileType: row.file_type,
      storageLocation: row.storage_location,
      contentType: row.content_type,
      fileSizeBytes: row.file_size_bytes === null ? null : Number(row.file_size_bytes),
      fileId: row.file_id,
      sha256: row.sha256,
      width: row.width,
      height: row.height,
      format: row.format,
      uploadedAt: readTimestamp(row.uploaded_at),
      uploadedBy: row.uploaded_by,
      createdAt: readTimestamp(row.created_at),
      updatedAt: readTimestamp(row.updated_at),
    };
    views.push(toMediaAssetView(asset, parseTags(row.tags_json)));
  }
  return { views, generation };
}
