import type { AssetRecordWithImage } from './asset-reads.ts';
import type { GenerationRecord } from './image-asset.views.ts';

/** One answered list query: its page of records and the total it was computed with. */
export interface CachedPage {
  total: number;
  records: AssetRecordWithImage[];
}

/** One asset as get answers it, with its generations when they were asked for. */
export interface CachedAsset {
  record: AssetRecordWithImage;
  generations?: GenerationRecord[];
}

/**
 * The database's answers to recent reads of a project, each valid while the project's version
 * (ProjectCounters.version, bumped by every write that changes what they show) is the one it was
 * read at. Views, and their signed URLs, are still made per request from the records.
 */
export class ProjectVersionCache<T> {
  private readonly entries = new Map<string, { version: number; value: T }>();

  constructor(private readonly maxEntries: number) {}

  get(projectId: string, key: string, version: number): T | undefined {
    const id = `${projectId}\u0000${key}`;
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    this.entries.delete(id);
    if (entry.version !== version) return undefined;
    // Re-inserted: the map's order is least recently used first.
    this.entries.set(id, entry);
    return entry.value;
  }

  set(projectId: string, key: string, version: number, value: T): void {
    const id = `${projectId}\u0000${key}`;
    this.entries.delete(id);
    this.entries.set(id, { version, value });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
}
