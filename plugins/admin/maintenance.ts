import type { Container } from 'inversify';
import { AppError, InputError } from '../../src/index.ts';
import { SEARCH } from '../search/tokens.ts';
import { IMAGES } from '../images/tokens.ts';
import { STORAGE, type CleanupReport } from '../storage/tokens.ts';

export interface Operation {
  key: string;
  label: string;
  description: string;
  /** Shown only after this operation has run (cleanup: only after its dry run). */
  after?: string;
  danger?: boolean;
  run(): Promise<{ message: string; data?: unknown }>;
}

const summary = (r: CleanupReport) =>
  `${r.files.length} file${r.files.length === 1 ? '' : 's'}, ${r.variants} variant${r.variants === 1 ? '' : 's'} and ${r.orphanObjects.length} orphan object${r.orphanObjects.length === 1 ? '' : 's'}, ${r.bytes} bytes`;

/** What the Maintenance page offers: only operations whose plugin is loaded. */
export function maintenanceOperations(container: Container): Operation[] {
  const ops: Operation[] = [];
  if (container.isBound(SEARCH.service)) {
    ops.push({
      key: 'reindex',
      label: 'Reindex search',
      description: 'Rebuilds every search index from the database.',
      async run() {
        const built = await container.get(SEARCH.service).rebuild();
        return { message: `Reindexed ${built.map((b) => `${b.indexName} (${b.documents})`).join(', ') || 'nothing'}.`, data: built };
      },
    });
  }
  if (container.isBound(STORAGE.cleanup)) {
    ops.push({
      key: 'cleanup-dry-run',
      label: 'Cleanup: dry run',
      description: 'Lists the unreferenced files, their variants and orphan objects that a cleanup would delete. Deletes nothing.',
      async run() {
        const report = await container.get(STORAGE.cleanup).run({ dryRun: true });
        return { message: `Dry run: would delete ${summary(report)}.`, data: report };
      },
    });
    ops.push({
      key: 'cleanup',
      label: 'Cleanup: delete',
      description: 'Deletes what the dry run listed (and anything that became unreferenced since).',
      after: 'cleanup-dry-run',
      danger: true,
      async run() {
        const report = await container.get(STORAGE.cleanup).run({ dryRun: false });
        return { message: `Deleted ${summary(report)}${report.errors.length ? `; ${report.errors.length} errors` : ''}.`, data: report };
      },
    });
  }
  if (container.isBound(IMAGES.thumbnails)) {
    ops.push({
      key: 'regenerate-thumbnails',
      label: 'Regenerate thumbnails',
      description: 'Remakes every asset thumbnail from its favourite (or earliest) generation.',
      async run() {
        const done = await container.get(IMAGES.thumbnails).regenerate();
        return { message: `Regenerated thumbnails of ${done.assets} assets (${done.variants} images).`, data: done };
      },
    });
  }
  return ops;
}

/** The page's API: GET lists the operations, POST `{ operation }` runs one. */
export function maintenancePage(container: Container) {
  return async (request: { method: string; payload?: Record<string, unknown> }) => {
    const ops = maintenanceOperations(container);
    const listed = ops.map(({ key, label, description, after, danger }) => ({ key, label, description, after, danger: Boolean(danger) }));
    if (request.method !== 'post') return { operations: listed };
    const op = ops.find((o) => o.key === request.payload?.operation);
    try {
      if (!op) throw InputError.field('operation', `must be one of ${ops.map((o) => o.key).join(', ')}`);
      const result = await op.run();
      return { operations: listed, operation: op.key, notice: { message: result.message, type: 'success' }, data: result.data };
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      return { operations: listed, operation: op?.key, notice: { message: err.message, type: 'error' } };
    }
  };
}
