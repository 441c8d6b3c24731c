import type { AssetRecordWithImage } from './asset-reads.ts';

/** One answered list query: its page of records and the total it was computed with. */
export interface CachedPage {
  total: number;
  records: AssetRecordWithImage[];
}

/** Pages kept in all; each holds up to a list's limit of records (50 by default). */
const MAX_PAGES = 300;

/**
 * The database's answers to recent asset list queries, each valid while its project's version
 * (ProjectCounters.version, bumped by every write that changes a list) is the one it was read
 * at. Views, and their signed URLs, are still made per request from the records.
 */
export class ListPageCache {
  private readonly pages = new Map<string, { version: number; page: CachedPage }>();

  get(projectId: string, query: string, version: number): CachedPage | undefined {
    const key = `${projectId}\u0000${query}`;
    const entry = this.pages.get(key);
    if (!entry) return undefined;
    this.pages.delete(key);
    if (entry.version !== version) return undefined;
    // Re-inserted: the map's order is least recently used first.
    this.pages.set(key, entry);
    return entry.page;
  }

  set(projectId: string, query: string, version: number, page: CachedPage): void {
    const key = `${projectId}\u0000${query}`;
    this.pages.delete(key);
    this.pages.set(key, { version, page });
    if (this.pages.size > MAX_PAGES) this.pages.delete(this.pages.keys().next().value!);
  }
}
