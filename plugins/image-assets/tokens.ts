import type { ServiceIdentifier } from '../../src/index.ts';
import type { AssetTagStore } from './asset-tags.ts';
import type { BulkAssetService } from './bulk.service.ts';
import type { EmbeddedParameterReader } from './embedded-parameters/embedded-parameter-reader.ts';
import type { FileReleaser } from './file-releaser.ts';
import type { GenerationService } from './generation.service.ts';
import type { GenerationUploadService } from './generation-upload.service.ts';
import type { ImageAssetService } from './image-asset.service.ts';
import type { ProjectCounters } from './project-counters.ts';
import type { ProjectRollups } from './project-rollups.ts';
import type { WriteTransactions } from './write-transactions.ts';

/** The image-assets plugin's public API: other plugins (search, storage, analytics) inject these. */
export const IMAGE_ASSETS = {
  /** Assets; `viewsByIds(ids)` answers API views in the order given (used by the search plugin). */
  service: Symbol.for('image-assets.service') as ServiceIdentifier<ImageAssetService>,
  /** Generations, favourites and the counters that follow them; `attachFile` for the upload route. */
  generations: Symbol.for('image-assets.generations') as ServiceIdentifier<GenerationService>,
  /** POST /api/v1/generations/{id}/upload: decode check, embedded parameters, attach and release. */
  uploads: Symbol.for('image-assets.uploads') as ServiceIdentifier<GenerationUploadService>,
  /** Reads the parameters generators embed in images, off the event loop. */
  embeddedParameters: Symbol.for('image-assets.embedded-parameters') as ServiceIdentifier<EmbeddedParameterReader>,
  bulk: Symbol.for('image-assets.bulk') as ServiceIdentifier<BulkAssetService>,
  tags: Symbol.for('image-assets.tags') as ServiceIdentifier<AssetTagStore>,
  files: Symbol.for('image-assets.files') as ServiceIdentifier<FileReleaser>,
  writes: Symbol.for('image-assets.writes') as ServiceIdentifier<WriteTransactions>,
  /** Each project's asset count, kept with every insert and delete (list totals, project list). */
  counters: Symbol.for('image-assets.counters') as ServiceIdentifier<ProjectCounters>,
  /** What project stats read (generations per status, model and day; image and variant bytes), kept with every write. */
  rollups: Symbol.for('image-assets.rollups') as ServiceIdentifier<ProjectRollups>,
};

export type { ImageAssetView, GenerationView } from './image-asset.views.ts';
export type { GenerationFile } from './generation.service.ts';
export type { ProjectCounters } from './project-counters.ts';
export type { ProjectRollups } from './project-rollups.ts';
export { ImageAsset } from './image-asset.model.ts';
export { Generation, GENERATION_STATUSES, type GenerationStatus } from './generation.model.ts';
export { IMAGE_ASSETS_INDEX } from './image-asset.search.ts';
export { findVisibleAsset } from './asset-access.ts';
