import { definePlugin } from '../../src/index.ts';
import { STORAGE } from '../storage/tokens.ts';
import { TAGS } from '../tags/tokens.ts';
import { mediaAssetAdminResource } from './media-asset.admin.ts';
import { defineMediaAssetModels } from './media-asset.model.ts';
import { createMediaAssetRoutes } from './media-asset.routes.ts';
import { mediaAssetsModule } from './media-assets.module.ts';
import { mediaSearchIndex } from './media-search-index.ts';
import { createTagAssetRoutes } from './tag-assets.routes.ts';
import { MEDIA_ASSETS } from './tokens.ts';

/** The media library: `/api/media-assets` (uploads, downloads, tags, filters) and `/api/tags/{id}/assets|count`. */
export default definePlugin({
  id: 'media-assets',
  dependsOn: ['tags', 'storage'],
  containerModule: mediaAssetsModule,
  models: defineMediaAssetModels,
  init({ http, admin, search, container }) {
    const media = container.get(MEDIA_ASSETS.service);
    const tags = container.get(TAGS.service);
    tags.onChange((change, transaction) => media.onTagChange(change, transaction));
    // The media library is shared: its count needs no project scope (the route needs the media-library grant).
    tags.countUsage('media_assets', (tagId) => media.countLinks(tagId));
    http.use(createMediaAssetRoutes({ media, uploads: container.get(STORAGE.uploads) }));
    http.use(createTagAssetRoutes({ media, tags }));
    search.define(mediaSearchIndex);
    admin.addResource(mediaAssetAdminResource(media, container.get(TAGS.service), container.get(STORAGE.files)));
  },
});
