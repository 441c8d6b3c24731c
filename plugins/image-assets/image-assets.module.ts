import { ContainerModule } from '../../src/index.ts';
import { AssetTagStore } from './asset-tags.ts';
import { BulkAssetService } from './bulk.service.ts';
import { EmbeddedParameterReader } from './embedded-parameters/embedded-parameter-reader.ts';
import { FileReleaser } from './file-releaser.ts';
import { GenerationService } from './generation.service.ts';
import { GenerationUploadService } from './generation-upload.service.ts';
import { ImageAssetService } from './image-asset.service.ts';
import { ProjectCounters } from './project-counters.ts';
import { ProjectRollups } from './project-rollups.ts';
import { IMAGE_ASSETS } from './tokens.ts';
import { WriteTransactions } from './write-transactions.ts';

export const imageAssetsModule = new ContainerModule(({ bind }) => {
  bind(IMAGE_ASSETS.service).to(ImageAssetService).inSingletonScope();
  bind(IMAGE_ASSETS.generations).to(GenerationService).inSingletonScope();
  bind(IMAGE_ASSETS.uploads).to(GenerationUploadService).inSingletonScope();
  bind(IMAGE_ASSETS.embeddedParameters).to(EmbeddedParameterReader).inSingletonScope();
  bind(IMAGE_ASSETS.bulk).to(BulkAssetService).inSingletonScope();
  bind(IMAGE_ASSETS.tags).to(AssetTagStore).inSingletonScope();
  bind(IMAGE_ASSETS.files).to(FileReleaser).inSingletonScope();
  bind(IMAGE_ASSETS.writes).to(WriteTransactions).inSingletonScope();
  bind(IMAGE_ASSETS.counters).to(ProjectCounters).inSingletonScope();
  bind(IMAGE_ASSETS.rollups).to(ProjectRollups).inSingletonScope();
});
