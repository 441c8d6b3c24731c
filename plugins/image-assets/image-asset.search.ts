import { Op, type WhereOptions } from 'sequelize';
import { UnavailableError, type SearchIndexDefinition } from '../../src/index.ts';
import type { SearchQuery } from '../../src/core/search/search-index-registry.ts';
import type { AssetTagStore } from './asset-tags.ts';
import { ImageAsset } from './image-asset.model.ts';
import { Generation } from './generation.model.ts';
import { parameterFields, type ParameterFields } from './parameter-document.ts';

export const IMAGE_ASSETS_INDEX = 'image-assets';

/** The generation parameters an asset's document carries as filterable (and facetable) attributes. */
export const PARAMETER_ATTRIBUTES = ['models', 'samplers', 'schedulers', 'sources', 'loras', 'embeddings', 'sizes'] as const;

export interface ImageAssetDocument extends ParameterFields {
  id: string;
  project_id: string;
  name: string;
  description: string;
  tags: string[];
  created_at: number;
  updated_at: number;
  total_generations: number;
}

async function toDocuments(assets: ImageAsset[], tagStore: AssetTagStore): Promise<ImageAssetDocument[]> {
  const ids = assets.map((a) => a.id);
  const tags = await tagStore.namesFor(ids);
  const generations = new Map<string, Generation[]>(ids.map((id) => [id, []]));
  if (ids.length > 0) {
    const rows = await Generation.findAll({
      where: { assetId: { [Op.in]: ids } },
      attributes: ['assetId', 'parameters', 'metadata', 'model', 'width', 'height'],
      order: [['createdAt', 'ASC'], ['id', 'ASC']],
    });
    for (const row of rows) generations.get(row.assetId)?.push(row);
  }
  return assets.map((a) => ({
    id: a.id,
    project_id: a.projectId,
    name: a.name,
    description: a.description,
    tags: tags.get(a.id) ?? [],
    created_at: a.createdAt.getTime(),
    updated_at: a.updatedAt.getTime(),
    total_generations: a.totalGenerations,
    ...parameterFields(generations.get(a.id) ?? []),
  }));
}

export function imageAssetSearchIndex(tagStore: AssetTagStore): SearchIndexDefinition<ImageAssetDocument> {
  return {
    name: IMAGE_ASSETS_INDEX,
    searchableAttributes: ['name', 'description', 'tags', 'prompt', 'negative_prompt'],
    filterableAttributes: ['project_id', 'tags', 'created_at', ...PARAMETER_ATTRIBUTES],
    partitionAttribute: 'project_id',
    sortableAttributes: ['created_at', 'updated_at', 'name', 'total_generations'],
    async *loadAll(batchSize: number) {
      let after = '';
      for (;;) {
        const assets = await ImageAsset.findAll({ where: { id: { [Op.gt]: after } }, order: [['id', 'ASC']], limit: batchSize });
        if (assets.length === 0) return;
        yield await toDocuments(assets, tagStore);
        after = assets[assets.length - 1].id;
      }
    },
    count: () => ImageAsset.count(),
    // Degraded mode while the engine is down: a substring match on name and description, newest first.
    async fallbackSearch(query: SearchQuery) {
      // The database has no parameter columns to answer these from; a wrong answer would be worse than none.
      if (query.facets?.length || Object.keys(query.filters ?? {}).some((f) => f !== 'project_id')) {
        throw new UnavailableError('Search by generation parameters is unavailable while the search engine is down.', 5);
      }
      const fields = (query.fields ?? ['name', 'description']).filter((f) => f === 'name' || f === 'description');
      const pattern = `%${query.q.trim().replace(/[\\%_]/g, '\\$&')}%`;
      const conditions: WhereOptions[] = [{ [Op.or]: fields.map((f) => ({ [f]: { [Op.like]: pattern } })) }];
      const projectId = query.filters?.project_id;
      if (projectId !== undefined) conditions.push({ projectId: Array.isArray(projectId) ? projectId.map(String) : String(projectId) });
      if (fields.length === 0) return { hits: [], total: 0 };
      const where = { [Op.and]: conditions };
      const [total, rows] = await Promise.all([
        ImageAsset.count({ where }),
        ImageAsset.findAll({ where, attributes: ['id'], order: [['createdAt', 'DESC'], ['id', 'DESC']], limit: query.limit, offset: query.offset }),
      ]);
      return { hits: rows.map((r) => ({ id: r.id, relevanceScore: 1 })), total };
    },
    async loadByIds(ids: string[]) {
      if (ids.length === 0) return [];
      return toDocuments(await ImageAsset.findAll({ where: { id: { [Op.in]: ids } } }), tagStore);
    },
  };
}
