import { injectable } from '../../src/index.ts';
import type { StorageProvider, StorageProviderRegistry } from './tokens.ts';

/** Backends register in their `init`; the storage plugin selects the configured driver in `start`. */
@injectable()
export class InMemoryStorageProviderRegistry implements StorageProviderRegistry {
  private readonly providers = new Map<string, StorageProvider>();
  private selected: StorageProvider | undefined;

  register(provider: StorageProvider): void {
    if (this.providers.has(provider.driver)) throw new Error(`A storage provider for driver "${provider.driver}" is already registered.`);
    this.providers.set(provider.driver, provider);
  }

  select(driver: string): StorageProvider {
    const provider = this.providers.get(driver);
    if (!provider) {
      const known = this.drivers();
      throw new Error(
        `No storage provider for STORAGE_DRIVER=${driver}; load the plugin that provides it (built-in: storage-${driver}). ` +
          `Registered: ${known.length ? known.join(', ') : 'none'}.`,
      );
    }
    this.selected = provider;
    return provider;
  }

  active(): StorageProvider {
    if (!this.selected) throw new Error('No storage provider selected yet: the storage plugin selects one in its start hook.');
    return this.selected;
  }

  get(driver: string): StorageProvider | undefined {
    return this.providers.get(driver);
  }

  drivers(): string[] {
    return [...this.providers.keys()].sort();
  }
}
