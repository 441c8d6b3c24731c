import { definePlugin } from '../../src/index.ts';
import { tagAdminResource } from './tag.admin.ts';
import { defineTagModels } from './tag.model.ts';
import { createTagRoutes } from './tag.routes.ts';
import { tagsModule } from './tags.module.ts';
import { TAGS } from './tokens.ts';

/** The tag vocabulary shared by the media library and image assets: `/api/tags`. */
export default definePlugin({
  id: 'tags',
  containerModule: tagsModule,
  models: defineTagModels,
  init({ http, admin, container }) {
    const tags = container.get(TAGS.service);
    tags.attachModelHooks();
    http.use(createTagRoutes({ tags }));
    admin.addResource(tagAdminResource(tags));
  },
});
