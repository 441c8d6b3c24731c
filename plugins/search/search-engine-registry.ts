import type { SearchEngineBackend } from './search-engine.ts';

/** Backends contribute here during init; the search plugin picks one in start. */
export class SearchEngineRegistry {
  private readonly backends = new Map<string, SearchEngineBackend>();

  contribute(backend: SearchEngineBackend): void {
    if (this.backends.has(backend.name)) throw new Error(`Search engine "${backend.name}" is contributed twice.`);
    this.backends.set(backend.name, backend);
  }

  pick(name: string): SearchEngineBackend {
    const backend = this.backends.get(name);
    if (!backend) {
      const known = [...this.backends.keys()].join(', ') || 'none';
      throw new Error(`No search engine named "${name}" is loaded (loaded: ${known}).`);
    }
    return backend;
  }
}
