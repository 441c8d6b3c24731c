import { CORE, definePlugin } from '../../src/index.ts';
import { TAGS } from '../tags/tokens.ts';
import { createBulkRoutes } from './bulk.routes.ts';
import { defineGenerationModel } from './generation.model.ts';
import { createGenerationRoutes } from './generation.routes.ts';
import { defineImageAssetModels } from './image-asset.model.ts';
import { createImageAssetRoutes } from './image-asset.routes.ts';
import { imageAssetSearchIndex } from './image-asset.search.ts';
import { imageAssetsModule } from './image-assets.module.ts';
import { followTagChanges } from './tag-changes.ts';
import { IMAGE_ASSETS } from './tokens.ts';

/**
 * Image assets and their generations under /api/v1. One plugin for both: the favourite,
 * total_generations and file_size live on the asset and change in the same locked transaction
 * as the generations, and an asset is read and deleted together with its generations.
 */
export default definePlugin({
  id: 'image-assets',
  dependsOn: ['tags'],
  containerModule: imageAssetsModule,
  models(sequelize) {
    defineImageAssetModels(sequelize);
    defineGenerationModel(sequelize);
  },
  init({ http, admin, container, search }) {
    const assets = container.get(IMAGE_ASSETS.service);
    const generations = container.get(IMAGE_ASSETS.generations);
    // Bulk routes first: their literal `bulk` segments must win over `:asset_id`.
    http.use(createBulkRoutes({ bulk: container.get(IMAGE_ASSETS.bulk) }));
    http.use(createImageAssetRoutes({ assets }));
    http.use(createGenerationRoutes({ generations }));
    search.define(imageAssetSearchIndex(container.get(IMAGE_ASSETS.tags)));
    container.get(TAGS.service).onChange(followTagChanges(container.get(CORE.searchOutbox)));
    // Counters and the favourite follow the generations, so the dashboard may not edit them by hand.
    const readOnly = { isVisible: { list: true, show: true, edit: false, filter: true } };
    admin.addResource({
      resource: assets.model(),
      options: {
        navigation: { name: 'Image assets' },
        properties: { favoriteGenerationId: readOnly, totalGenerations: readOnly, fileSize: readOnly },
        actions: { new: { isAccessible: false }, delete: { isAccessible: false }, bulkDelete: { isAccessible: false } },
      },
    });
    admin.addResource({
      resource: generations.model(),
      options: {
        navigation: { name: 'Image assets' },
        properties: { isFavorite: readOnly, fileSize: readOnly, assetId: readOnly, projectId: readOnly, status: readOnly },
        actions: { new: { isAccessible: false }, delete: { isAccessible: false }, bulkDelete: { isAccessible: false } },
      },
    });
  },
});
