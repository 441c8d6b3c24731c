import { Op, type Transaction } from 'sequelize';
import { siteLink } from '../../src/index.ts';
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

export function toMediaAssetView(asset: MediaAsset, tags: Tag[]): MediaAssetView {
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
