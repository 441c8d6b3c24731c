import { CORE, definePlugin } from '../../src/index.ts';
import { TAGS } from '../tags/tokens.ts';
import { imageAssetAdminResources } from './image-asset.admin.ts';
import { createBulkRoutes } from './bulk.routes.ts';
import { defineGenerationModel } from './generation.model.ts';
import { createGenerationRoutes } from './generation.routes.ts';
import { createUseAgainRoutes } from './use-again.routes.ts';
import { imageAssetsConfigDefaults, imageAssetsConfigSchema } from './generation-upload.config.ts';
import { createGenerationUploadRoutes } from './generation-upload.routes.ts';
import { STORAGE } from '../storage/tokens.ts';
import { defineImageAssetModels } from './image-asset.model.ts';
import { createImageAssetRoutes } from './image-asset.routes.ts';
import { imageAssetSearchIndex } from './image-asset.search.ts';
import { imageAssetsModule } from './image-assets.module.ts';
import { useViewUrlSigner } from './image-asset.views.ts';
import { followTagChanges } from './tag-changes.ts';
import { countersCommand } from './counters.command.ts';
import { IMAGE_ASSETS } from './tokens.ts';

/**
 * Image assets and their generations under /api/v1. One plugin for both: the favourite,
 * total_generations and file_size live on the asset and change in the same locked transaction
 * as the generations, and an asset is read and deleted together with its generations.
 */
export default definePlugin({
  id: 'image-assets',
  dependsOn: ['tags'],
  config: { schema: imageAssetsConfigSchema, defaults: imageAssetsConfigDefaults },
  containerModule: imageAssetsModule,
  commands: [countersCommand],
  models(sequelize) {
    defineImageAssetModels(sequelize);
    defineGenerationModel(sequelize);
  },
  init({ http, admin, container, search, config, core }) {
    useViewUrlSigner(container.get(CORE.urlSigner));
    const assets = container.get(IMAGE_ASSETS.service);
    const generations = container.get(IMAGE_ASSETS.generations);
    // Bulk routes first: their literal `bulk` segments must win over `:asset_id`.
    http.use(createBulkRoutes({ bulk: container.get(IMAGE_ASSETS.bulk) }));
    http.use(createImageAssetRoutes({ assets, sequelize: container.get(CORE.database) }));
    http.use(createGenerationRoutes({ generations }));
    http.use(createUseAgainRoutes());
    // Uploads exist when a storage plugin is loaded (its bindings exist from the bind phase).
    if (container.isBound(STORAGE.uploads)) {
      http.use(createGenerationUploadRoutes({ uploads: container.get(STORAGE.uploads), service: container.get(IMAGE_ASSETS.uploads), config }));
    }
    // Project stats count the bytes of variants made from the project's images.
    if (container.isBound(STORAGE.variants)) {
      const rollups = container.get(IMAGE_ASSETS.rollups);
      container.get(STORAGE.variants).onSizeChange((fileId, delta, transaction) => rollups.variantBytesChanged(fileId, delta, transaction));
    }
    search.define(imageAssetSearchIndex(container.get(IMAGE_ASSETS.tags)));
    container.get(TAGS.service).onChange(followTagChanges(container.get(CORE.searchOutbox), container.get(IMAGE_ASSETS.counters)));
    container.get(TAGS.service).countUsage('image_assets', (tagId, principal) => container.get(IMAGE_ASSETS.tags).countVisible(tagId, principal.projectIds));
    for (const resource of imageAssetAdminResources(assets, generations, container.get(IMAGE_ASSETS.tags))) admin.addResource(resource);
  },
  async stop({ container }) {
    await container.get(IMAGE_ASSETS.embeddedParameters).stop();
  },
});
