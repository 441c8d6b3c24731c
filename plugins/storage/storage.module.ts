import { ContainerModule } from '../../src/index.ts';
import { StorageFileService } from './file.service.ts';
import { InMemoryStorageProviderRegistry } from './storage-provider-registry.ts';
import { MultipartUploadParser } from './upload-parser.ts';
import { StorageVariantStore } from './variant-store.ts';
import { STORAGE } from './tokens.ts';

export const storageModule = new ContainerModule(({ bind }) => {
  bind(STORAGE.providers).to(InMemoryStorageProviderRegistry).inSingletonScope();
  bind(STORAGE.files).to(StorageFileService).inSingletonScope();
  bind(STORAGE.uploads).to(MultipartUploadParser).inSingletonScope();
  bind(STORAGE.variants).to(StorageVariantStore).inSingletonScope();
});
