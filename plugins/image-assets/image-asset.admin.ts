import { DASHBOARD_PRINCIPAL, InputError, parseInput, type AdminParams, type AdminResourceEntry } from '../../src/index.ts';
import { Op } from 'sequelize';
import type { AssetTagStore } from './asset-tags.ts';
import type { GenerationStatus } from './generation.model.ts';
import type { GenerationService } from './generation.service.ts';
import { generationSettings, type GenerationSettings } from './generation-settings.ts';
import { canMove } from './generation-status.ts';
import { ImageAssetTag } from './image-asset.model.ts';
import type { ImageAssetService } from './image-asset.service.ts';
import { updateAssetBody } from './image-asset.schemas.ts';

// Status moves the dashboard offers; each shows only where the move is allowed.
const STATUS_ACTIONS: Array<{ status: GenerationStatus; label: string; icon: string }> = [
  { status: 'generating', label: 'Mark generating', icon: 'Play' },
  { status: 'completed', label: 'Mark completed', icon: 'CheckCircle' },
  { status: 'failed', label: 'Mark failed', icon: 'XCircle' },
  { status: 'cancelled', label: 'Mark cancelled', icon: 'Slash' },
];

// What a generation was made with, in the order its page shows them.
const SETTINGS: Array<keyof GenerationSettings> = ['prompt', 'negativePrompt', 'model', 'seed', 'sampler', 'steps', 'cfgScale', 'size'];

const readOnly = { isVisible: { list: true, show: true, edit: false, filter: true } };
const computed = (list: boolean, edit = false) => ({ type: 'string', isSortable: false, isVisible: { list, show: true, edit, filter: false } });

/** The edit form's fields as the API's update body: tags as a comma-separated list, metadata as JSON text. */
function assetUpdate(params: AdminParams): unknown {
  const body: Record<string, unknown> = {};
  if ('name' in params) body.name = params.name;
  if ('description' in params) body.description = params.description ?? '';
  if (typeof params.tagList === 'string') body.tags = params.tagList.split(',').map((t) => t.trim()).filter(Boolean);
  if (typeof params.metadataJson === 'string' && params.metadataJson.trim() !== '') {
    try {
      body.metadata = JSON.parse(params.metadataJson);
    } catch {
      throw InputError.field('body.metadataJson', 'must be a JSON object');
    }
  }
  return parseInput(updateAssetBody, body, 'body');
}

/**
 * Image assets in the dashboard: thumbnails, tags and metadata edited through ImageAssetService,
 * deleted with the API's force rule; generations' favourites set through GenerationService.
 */
export function imageAssetAdminResources(assets: ImageAssetService, generations: GenerationService, tags: AssetTagStore): Array<Omit<AdminResourceEntry, 'pluginId'>> {
  const assetResource: Omit<AdminResourceEntry, 'pluginId'> = {
    resource: assets.model(),
    options: {
      navigation: { name: 'Image assets' },
      listProperties: ['thumbnailUrl', 'name', 'projectId', 'tagList', 'totalGenerations', 'createdAt'],
      showProperties: ['thumbnailUrl', 'id', 'projectId', 'name', 'description', 'tagList', 'metadataJson', 'totalGenerations', 'favoriteGenerationId', 'fileSize', 'generationsJson', 'createdAt', 'updatedAt'],
      editProperties: ['name', 'description', 'tagList', 'metadataJson'],
      filterProperties: ['projectId', 'name', 'tagList', 'createdAt', 'updatedAt'],
      properties: {
        thumbnailUrl: { ...computed(true), components: { list: 'ThumbnailCell', show: 'ThumbnailCell' } },
        tagList: { ...computed(true, true), isVisible: { list: true, show: true, edit: true, filter: true }, description: 'Comma-separated tag names; as a filter, assets carrying all of them' },
        metadataJson: { ...computed(false, true), type: 'textarea' },
        generationsJson: { ...computed(false), components: { show: 'GenerationGallery' } },
        description: { type: 'textarea' },
        favoriteGenerationId: readOnly,
        totalGenerations: readOnly,
        fileSize: readOnly,
        thumbnail: { isVisible: false },
        metadata: { isVisible: false },
      },
      sort: { sortBy: 'createdAt', direction: 'desc' },
    },
    writes: {
      update: async (id, params) => void (await assets.update(DASHBOARD_PRINCIPAL, id, assetUpdate(params) as Parameters<ImageAssetService['update']>[2])),
      // As the API without force=true: an asset with generations is refused; "Delete with generations" forces.
      remove: (id) => assets.delete(DASHBOARD_PRINCIPAL, id, false),
    },
    actions: [
      {
        name: 'deleteWithGenerations',
        label: 'Delete with generations',
        actionType: 'record',
        icon: 'Trash2',
        guard: 'Deletes the asset and all its generations (force=true); their files are released.',
        isVisible: (record) => Number(record.totalGenerations ?? 0) > 0,
        async run({ recordId }) {
          await assets.delete(DASHBOARD_PRINCIPAL, recordId!, true);
          return { message: 'Deleted the asset and its generations.' };
        },
      },
    ],
    filters: {
      async tagList(value) {
        const tagIds = await tags.idsForNames(value.split(',').map((t) => t.trim()).filter(Boolean));
        if (!tagIds || tagIds.length === 0) return [];
        const links = await ImageAssetTag.findAll({ where: { tagId: { [Op.in]: tagIds } }, attributes: ['imageAssetId', 'tagId'] });
        const count = new Map<string, number>();
        for (const link of links) count.set(link.imageAssetId, (count.get(link.imageAssetId) ?? 0) + 1);
        return [...count].filter(([, n]) => n === tagIds.length).map(([id]) => id);
      },
    },
    async decorate(records) {
      const views = new Map((await assets.viewsByIds(records.map((r) => String(r.id)))).map((v) => [v.id, v]));
      const withGenerations = records.length === 1;
      for (const record of records) {
        const view = views.get(String(record.id));
        if (!view) continue;
        // The dashboard is on the server's own origin: the path is enough.
        record.thumbnailUrl = view.thumbnail?.path ?? null;
        record.tagList = view.tags.join(', ');
        record.metadataJson = JSON.stringify(view.metadata, null, 2);
        if (withGenerations) {
          const full = await assets.get(DASHBOARD_PRINCIPAL, view.id, true);
          record.generationsJson = JSON.stringify(full.generations ?? []);
        }
      }
    },
  };

  const generationResource: Omit<AdminResourceEntry, 'pluginId'> = {
    resource: generations.model(),
    options: {
      navigation: { name: 'Image assets' },
      listProperties: ['imageUrlSigned', 'assetId', 'prompt', 'model', 'seed', 'status', 'isFavorite', 'createdAt'],
      showProperties: [
        'imageUrlSigned', 'id', 'assetId', 'projectId', 'status', 'isFavorite',
        ...SETTINGS, 'format', 'fileSize', 'fileId', 'parametersJson', 'metadataJson', 'createdAt', 'updatedAt',
      ],
      filterProperties: ['assetId', 'projectId', 'status', 'isFavorite', 'model', 'createdAt'],
      properties: {
        imageUrlSigned: { ...computed(true), components: { list: 'ThumbnailCell', show: 'ThumbnailCell' } },
        // The asset's name, linking to it, instead of its id.
        assetId: { ...readOnly, reference: 'image_assets' },
        prompt: { ...computed(true), components: { list: 'TextPreview' } },
        seed: computed(true),
        ...Object.fromEntries(SETTINGS.filter((key) => !['prompt', 'seed', 'model'].includes(key)).map((key) => [key, computed(false)])),
        // AdminJS would hand these JSON columns to React as objects; they are shown as formatted JSON text instead.
        parameters: { isVisible: false },
        metadata: { isVisible: false },
        parametersJson: { ...computed(false), components: { show: 'JsonBlock' } },
        metadataJson: { ...computed(false), components: { show: 'JsonBlock' } },
        isFavorite: readOnly,
        fileSize: readOnly,
        projectId: readOnly,
        status: readOnly,
      },
      translations: {
        en: {
          properties: {
            assetId: 'Asset',
            isFavorite: 'Favourite',
            negativePrompt: 'Negative prompt',
            cfgScale: 'CFG scale',
            parametersJson: 'Parameters (JSON)',
            metadataJson: 'Metadata (JSON)',
          },
        },
      },
      sort: { sortBy: 'createdAt', direction: 'desc' },
    },
    actions: [
      ...STATUS_ACTIONS.map(({ status, label, icon }) => ({
        name: `mark${status[0]!.toUpperCase()}${status.slice(1)}`,
        label,
        actionType: 'record' as const,
        icon,
        isVisible: (record: AdminParams) => record.status !== status && canMove(record.status as GenerationStatus, status),
        async run({ recordId }: { recordId?: string }) {
          const view = await generations.update(DASHBOARD_PRINCIPAL, recordId!, { status });
          return { message: `Marked ${status}.`, data: view };
        },
      })),
      {
        name: 'setFavorite',
        label: 'Set as favourite',
        actionType: 'record',
        icon: 'Star',
        guard: 'Makes this the asset\'s favourite generation; its previous favourite stops being one.',
        isVisible: (record) => !record.isFavorite,
        async run({ recordId }) {
          const view = await generations.setFavorite(DASHBOARD_PRINCIPAL, recordId!, true);
          return { message: 'Set as the favourite.', data: view };
        },
      },
      {
        name: 'clearFavorite',
        label: 'Clear favourite',
        actionType: 'record',
        icon: 'StarOff',
        isVisible: (record) => Boolean(record.isFavorite),
        async run({ recordId }) {
          const view = await generations.setFavorite(DASHBOARD_PRINCIPAL, recordId!, false);
          return { message: 'Favourite cleared.', data: view };
        },
      },
    ],
    async decorate(records) {
      for (const record of records) {
        const view = await generations.get(DASHBOARD_PRINCIPAL, String(record.id)).catch(() => null);
        record.imageUrlSigned = view?.image_url?.toString() ?? null;
        if (!view) continue;
        const settings = generationSettings({
          parameters: view.parameters,
          metadata: view.metadata,
          model: typeof record.model === 'string' ? record.model : null,
          width: view.dimensions?.width ?? null,
          height: view.dimensions?.height ?? null,
        });
        // `model` too: the column, else what the uploaded file said.
        for (const key of SETTINGS) record[key] = settings[key] ?? null;
        record.parametersJson = JSON.stringify(view.parameters);
        record.metadataJson = JSON.stringify(view.metadata);
      }
    },
  };
  return [assetResource, generationResource];
}
