import { Op } from 'sequelize';
import type { SearchIndexDefinition } from '../../src/index.ts';
import { MediaAsset } from './media-asset.model.ts';
import { MEDIA_INDEX } from './media-asset.service.ts';
import { loadTagsByAsset } from './media-asset.view.ts';

export interface MediaSearchDocument {
  id: string;
  file_name: string;
  tags: string[];
  tag_ids: string[];
  file_type: string;
  content_type: string;
  uploaded_by: string;
  /** Milliseconds since the epoch, so engines can filter ranges. */
  uploaded_at: number;
}

async function toDocuments(assets: MediaAsset[]): Promise<MediaSearchDocument[]> {
  const tags = await loadTagsByAsset(assets.map((a) => a.id));
  return assets.map((asset) => {
    const own = tags.get(asset.id) ?? [];
    return {
      id: asset.id,
      file_name: asset.fileName,
      tags: own.map((t) => t.name),
      tag_ids: own.map((t) => t.id),
      file_type: asset.fileType,
      content_type: asset.contentType,
      uploaded_by: asset.uploadedBy,
      uploaded_at: asset.uploadedAt.getTime(),
    };
  });
}

export const mediaSearchIndex: SearchIndexDefinition<MediaSearchDocument> = {
  name: MEDIA_INDEX,
  searchableAttributes: ['file_name', 'tags'],
  filterableAttributes: ['tag_ids', 'file_type', 'uploaded_by', 'uploaded_at'],
  sortableAttributes: ['uploaded_at'],
  async *loadAll(batchSize) {
    let after = '';
    for (;;) {
      const batch = await MediaAsset.findAll({ where: { id: { [Op.gt]: after } }, order: [['id', 'ASC']], limit: batchSize });
      if (batch.length === 0) return;
      yield await toDocuments(batch);
      after = batch[batch.length - 1].id;
    }
  },
  async loadByIds(ids) {
    if (ids.length === 0) return [];
    return toDocuments(await MediaAsset.findAll({ where: { id: { [Op.in]: ids } } }));
  },
  count: () => MediaAsset.count(),
};
