import { CORE, definePlugin } from '../../src/index.ts';
import { STORAGE } from '../storage/tokens.ts';
import { createImageRoutes } from './image.routes.ts';
import { imageRateLimit } from './image-rate-limit.ts';
import { configureSharp } from './image-transformer.ts';
import { IMAGES_CONFIG, imagesConfigDefaults, imagesConfigSchema } from './images.config.ts';
import { imagesModule } from './images.module.ts';
import { thumbnailsCommand } from './thumbnails.command.ts';
import { IMAGES } from './tokens.ts';

/**
 * Image serving: GET /api/v1/files/images/:image_id (originals with Range, or resized and
 * re-encoded variants made once and stored) and GET /api/v1/assets/:asset_id/thumbnail.
 * Both answer a signed URL (what image_url and thumbnail in the API are) or a bearer token, are
 * rate limited per client, and share the transform slots fairly between clients. Stored variants
 * are bounded per image and in total (least recently used out; a cluster-wide job too).
 */
export default definePlugin({
  id: 'images',
  dependsOn: ['storage', 'image-assets'],
  containerModule: imagesModule,
  config: { schema: imagesConfigSchema, defaults: imagesConfigDefaults },
  commands: [thumbnailsCommand],
  init({ http, container, logger, core, config, jobs, sequelize }) {
    configureSharp();
    container.bind(IMAGES_CONFIG).toConstantValue(config);
    jobs.schedule({
      name: 'images.variant-budget',
      schedule: config.variantBudgetSchedule,
      scope: 'cluster',
      run: async () => void (await container.get(IMAGES.budget).enforce()),
    });
    http.usePublic(
      createImageRoutes({
        access: container.get(IMAGES.access),
        variants: container.get(IMAGES.variants),
        thumbnails: container.get(IMAGES.thumbnails),
        files: container.get(STORAGE.files),
        lookups: container.get(IMAGES.lookups),
        apiKeys: container.get(CORE.apiKeys),
        rateLimit: imageRateLimit(core, sequelize),
      }),
    );
    const { transformConcurrency, transformsPerClient, queueTimeoutMs, rateLimitPerMinute, variantsPerImage, variantBudgetBytes } = core.images;
    logger.info(
      { transformConcurrency, transformsPerClient, queueTimeoutMs, rateLimitPerMinute, variantsPerImage, variantBudgetBytes },
      'image transforms configured',
    );
  },
});
