import type { ServiceIdentifier } from '../../src/index.ts';
import type { MediaAssetService } from './media-asset.service.ts';

/** The media-assets plugin's public API. */
export const MEDIA_ASSETS = {
  service: Symbol.for('media-assets.service') as ServiceIdentifier<MediaAssetService>,
};
