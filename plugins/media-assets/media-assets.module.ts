import { ContainerModule } from '../../src/index.ts';
import { MediaAssetService } from './media-asset.service.ts';
import { MEDIA_ASSETS } from './tokens.ts';

export const mediaAssetsModule = new ContainerModule(({ bind }) => {
  bind(MEDIA_ASSETS.service).to(MediaAssetService).inSingletonScope();
});
