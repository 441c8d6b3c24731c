import { ContainerModule } from '../../src/index.ts';
import { ImageAccess } from './image-access.ts';
import { ImageLookups } from './image-lookups.ts';
import { ImageVariantService } from './image-variant.service.ts';
import { ThumbnailService } from './thumbnail.service.ts';
import { IMAGES } from './tokens.ts';
import { TransformSlots } from './transform-slots.ts';
import { VariantBudget } from './variant-budget.ts';
import { VariantUsage } from './variant-usage.ts';

export const imagesModule = new ContainerModule(({ bind }) => {
  bind(IMAGES.slots).to(TransformSlots).inSingletonScope();
  bind(IMAGES.lookups).to(ImageLookups).inSingletonScope();
  bind(IMAGES.usage).to(VariantUsage).inSingletonScope();
  bind(IMAGES.budget).to(VariantBudget).inSingletonScope();
  bind(IMAGES.variants).to(ImageVariantService).inSingletonScope();
  bind(IMAGES.thumbnails).to(ThumbnailService).inSingletonScope();
  bind(IMAGES.access).to(ImageAccess).inSingletonScope();
});
