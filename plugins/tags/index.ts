import { definePlugin } from '../../src/index.ts';
import { defineTagModels } from './tag.model.ts';
import { tagsModule } from './tags.module.ts';

/** The tag vocabulary shared by the media library and image assets. */
export default definePlugin({
  id: 'tags',
  containerModule: tagsModule,
  models: defineTagModels,
});
