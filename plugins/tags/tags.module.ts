import { ContainerModule } from '../../src/index.ts';
import { TagService } from './tag.service.ts';
import { TAGS } from './tokens.ts';

export const tagsModule = new ContainerModule(({ bind }) => {
  bind(TAGS.service).to(TagService).inSingletonScope();
});
