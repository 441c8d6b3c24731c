import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { CORE, inject, injectable, type LeanReader } from '../../src/index.ts';
import type { CounterMismatch } from './project-counters.ts';

/** What the rollups count of one generation. */
export interface CountedGeneration {
  projectId: string;
  status: string;
  model: string | null;
  createdAt: Date;
  fileId: string | null;
  fileSize: number | null;
}

export type RollupDimension = 'status' | 'model' | 'day';

export interface ProjectRollup {
  assets: number;
  generationsBy: Record<RollupDimension, Map<string, number>>;
  /** Bytes of the project's generation images. */
  bytes: number;
  /** Bytes of the variants made from the files the project's generations use, each file once. */
  variantBytes: number;
}

interface Change {
  key: string;
  delta: number;
}

const utcDay = (date: Date) => date.toISOString().slice(0, 10);
const KEY_SEPARATOR = '\u0000';
const joinKey = (...parts: string[]) => parts.join(KEY_SEPARATOR);

/** Sums deltas per key and answers the non-zero ones in key order (the order every writer locks rows in). */
function summed(changes: Change[]): Change[] {
  const sums = new Map<string, number>();
  for (const c of changes) sums.set(c.key, (sums.get(c.key) ?? 0) + c.delta);
  return [...sums]
    .filter(([, delta]) => delta !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, delta]) => ({ key, delta }));
}

/**
 * What a project's stats read, kept in the transaction of every write they follow: generations
 * per status, model and UTC day (image_generation_rollups), the bytes of the project's images and
 * of their variants (image_project_counters), and which stored files the project's generations
 * use (image_project_files), so a variant of a file shared by several generations counts once.
 *
 * Lock order, shared by every writer: image_project_files, then file_variants, then the rollups,
 * then the project's counter row.
 */
@injectable()
export class ProjectRollups {
  constructor(
    @inject(CORE.database) private readonly sequelize: Sequelize,
    @inject(CORE.reads) private readonly reader: LeanReader,
  ) {}

  /** Counts these generations in (1, created) or out (-1, deleted). */
  async count(generations: CountedGeneration[], sign: 1 | -1, transaction: Transaction): Promise<void> {
    if (generations.length === 0) return;
    await this.changeFiles(
      generations.filter((g) => g.fileId).map((g) => ({ key: joinKey(g.projectId, g.fileId!), delta: sign })),
      transaction,
    );
    await this.changeRollups(
      generations.flatMap((g) => [
        { key: joinKey(g.projectId, 'status', g.status), delta: sign },
        { key: joinKey(g.projectId, 'day', utcDay(g.createdAt)), delta: sign },
        ...(g.model !== null ? [{ key: joinKey(g.projectId, 'model', g.model), delta: sign }] : []),
      ]),
      transaction,
    );
    await this.changeBytes(generations.map((g) => ({ key: g.projectId, delta: sign * (g.fileSize ?? 0) })), 'bytes', transaction);
  }

  async statusChanged(projectId: string, from: string, to: string, transaction: Transaction): Promise<void> {
    if (from === to) return;
    await this.changeRollups(
      [
        { key: joinKey(projectId, 'status', from), delta: -1 },
        { key: joinKey(projectId, 'status', to), delta: 1 },
      ],
      transaction,
    );
  }

  /** A generation's image was stored or replaced. */
  async fileChanged(
    projectId: string,
    previous: { fileId: string | null; fileSize: number | null },
    next: { fileId: string | null; fileSize: number | null },
    transaction: Transaction,
  ): Promise<void> {
    const files: Change[] = [];
    if (previous.fileId) files.push({ key: joinKey(projectId, previous.fileId), delta: -1 });
    if (next.fileId) files.push({ key: joinKey(projectId, next.fileId), delta: 1 });
    await this.changeFiles(files, transaction);
    await this.changeBytes([{ key: projectId, delta: (next.fileSize ?? 0) - (previous.fileSize ?? 0) }], 'bytes', transaction);
  }

  /**
   * A variant of this file was made (delta > 0) or removed. The locking read waits for any writer
   * that is linking the file to a project, and keeps new links out until this transaction ends.
   */
  async variantBytesChanged(fileId: string, delta: number, transaction: Transaction): Promise<void> {
    if (delta === 0) return;
    const rows = await this.sequelize.query<{ project_id: string }>(
      `SELECT project_id FROM image_project_files WHERE file_id = ? ORDER BY project_id${this.forUpdate()}`,
      { replacements: [fileId], type: QueryTypes.SELECT, transaction },
    );
    await this.changeBytes(rows.map((r) => ({ key: r.project_id, delta })), 'variant_bytes', transaction);
  }

  async read(projectId: string, since: string): Promise<ProjectRollup> {
    const [rollups, counters] = await Promise.all([
      this.reader.all<{ dimension: RollupDimension; value: string; generations: number | string }>(
        `SELECT dimension, value, generations FROM image_generation_rollups
         WHERE project_id = ? AND (dimension IN ('model', 'status') OR (dimension = 'day' AND value >= ?)) AND generations > 0`,
        [projectId, since],
      ),
      this.reader.all<{ assets: number | string; bytes: number | string; variant_bytes: number | string }>(
        'SELECT assets, bytes, variant_bytes FROM image_project_counters WHERE project_id = ?',
        [projectId],
      ),
    ]);
    const generationsBy: ProjectRollup['generationsBy'] = { status: new Map(), model: new Map(), day: new Map() };
    for (const r of rollups) generationsBy[r.dimension].set(r.value, Number(r.generations));
    const row = counters[0];
    return { assets: Number(row?.assets ?? 0), generationsBy, bytes: Number(row?.bytes ?? 0), variantBytes: Number(row?.variant_bytes ?? 0) };
  }

  /**
   * Links (project, file) pairs up or down. A pair that appears adds the file's variants to the
   * project's variant bytes, one that goes subtracts them; the variants are read with a share
   * lock, so a variant being made for the file either is counted here or sees the link.
   */
  private async changeFiles(changes: Change[], transaction: Transaction): Promise<void> {
    const rows = summed(changes).map(({ key, delta }) => {
      const [projectId, fileId] = key.split(KEY_SEPARATOR) as [string, string];
      return { projectId, fileId, delta };
    });
    if (rows.length === 0) return;
    const pairs = rows.map(() => '(project_id = ? AND file_id = ?)').join(' OR ');
    const before = await this.sequelize.query<{ project_id: string; file_id: string; generations: number | string }>(
      `SELECT project_id, file_id, generations FROM image_project_files WHERE ${pairs}${this.forUpdate()}`,
      { replacements: rows.flatMap((r) => [r.projectId, r.fileId]), type: QueryTypes.SELECT, transaction },
    );
    const had = new Map(before.map((r) => [joinKey(r.project_id, r.file_id), Number(r.generations)]));
    const appeared: typeof rows = [];
    const gone: typeof rows = [];
    for (const row of rows) {
      const now = (had.get(joinKey(row.projectId, row.fileId)) ?? 0) + row.delta;
      if (now <= 0) gone.push(row);
      else if (!had.has(joinKey(row.projectId, row.fileId))) appeared.push(row);
    }
    const kept = rows.filter((r) => !gone.includes(r));
    if (kept.length > 0) {
      await this.sequelize.query(
        `INSERT INTO image_project_files (project_id, file_id, generations) VALUES ${kept.map(() => '(?, ?, ?)').join(', ')} ${this.addOnConflict('project_id, file_id', 'generations')}`,
        { replacements: kept.flatMap((r) => [r.projectId, r.fileId, r.delta]), transaction },
      );
    }
    if (gone.length > 0) {
      await this.sequelize.query(`DELETE FROM image_project_files WHERE ${gone.map(() => '(project_id = ? AND file_id = ?)').join(' OR ')}`, {
        replacements: gone.flatMap((r) => [r.projectId, r.fileId]),
        transaction,
      });
    }
    const moved = [...appeared.map((r) => ({ ...r, sign: 1 })), ...gone.filter((r) => had.has(joinKey(r.projectId, r.fileId))).map((r) => ({ ...r, sign: -1 }))];
    if (moved.length === 0) return;
    const fileIds = [...new Set(moved.map((r) => r.fileId))].sort();
    const sizes = await this.sequelize.query<{ file_id: string; bytes: number | string }>(
      `SELECT file_id, SUM(size) AS bytes FROM file_variants WHERE file_id IN (${fileIds.map(() => '?').join(', ')}) GROUP BY file_id${this.forShare()}`,
      { replacements: fileIds, type: QueryTypes.SELECT, transaction },
    );
    const bytesOf = new Map(sizes.map((s) => [s.file_id, Number(s.bytes)]));
    await this.changeBytes(moved.map((r) => ({ key: r.projectId, delta: r.sign * (bytesOf.get(r.fileId) ?? 0) })), 'variant_bytes', transaction);
  }

  private async changeRollups(changes: Change[], transaction: Transaction): Promise<void> {
    const rows = summed(changes).map(({ key, delta }) => [...key.split(KEY_SEPARATOR), delta]);
    if (rows.length === 0) return;
    await this.sequelize.query(
      `INSERT INTO image_generation_rollups (project_id, dimension, value, generations) VALUES ${rows.map(() => '(?, ?, ?, ?)').join(', ')} ${this.addOnConflict('project_id, dimension, value', 'generations')}`,
      { replacements: rows.flat(), transaction },
    );
  }

  private async changeBytes(changes: Change[], column: 'bytes' | 'variant_bytes', transaction: Transaction): Promise<void> {
    const rows = summed(changes);
    if (rows.length === 0) return;
    await this.sequelize.query(
      `INSERT INTO image_project_counters (project_id, ${column}) VALUES ${rows.map(() => '(?, ?)').join(', ')} ${this.addOnConflict('project_id', column)}`,
      { replacements: rows.flatMap((r) => [r.key, r.delta]), transaction },
    );
  }

  private addOnConflict(key: string, column: string): string {
    return this.sequelize.getDialect() === 'sqlite'
      ? `ON CONFLICT (${key}) DO UPDATE SET ${column} = ${column} + excluded.${column}`
      : `ON DUPLICATE KEY UPDATE ${column} = ${column} + VALUES(${column})`;
  }

  // SQLite runs one write transaction at a time: its reads inside one already see a still world.
  private forUpdate(): string {
    return this.sequelize.getDialect() === 'sqlite' ? '' : ' FOR UPDATE';
  }

  private forShare(): string {
    return this.sequelize.getDialect() === 'sqlite' ? '' : ' LOCK IN SHARE MODE';
  }

  /** Rollups, bytes and file links that differ from a count of the generations and variants. */
  async verify(): Promise<CounterMismatch[]> {
    // One transaction, so both reads see the same moment of a busy database.
    const [counted, stored] = await this.sequelize.transaction(async (transaction) => {
      const read = (sql: string) => this.sequelize.query<Tally>(sql, { type: QueryTypes.SELECT, transaction });
      return [await read(this.countedSql()), await read(this.storedSql())] as const;
    });
    const byKey = new Map<string, CounterMismatch>();
    const entry = (r: Tally) => {
      const key = joinKey(r.project_id, r.what);
      const found = byKey.get(key) ?? { project_id: r.project_id, counter: r.what, counted: 0, stored: 0 };
      byKey.set(key, found);
      return found;
    };
    for (const r of stored) entry(r).stored = Number(r.n);
    for (const r of counted) entry(r).counted = Number(r.n);
    return [...byKey.entries()]
      .filter(([, m]) => m.counted !== m.stored)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, m]) => m);
  }

  /** Counts everything again, in the caller's transaction (see ProjectCounters.rebuild for why one is enough). */
  async rebuild(transaction: Transaction): Promise<void> {
    const run = (sql: string) => this.sequelize.query(sql, { transaction });
    await run('DELETE FROM image_project_files');
    await run(`INSERT INTO image_project_files (project_id, file_id, generations) ${FILES_SQL}`);
    await run('DELETE FROM image_generation_rollups');
    await run(`INSERT INTO image_generation_rollups (project_id, dimension, value, generations) ${this.rollupsSql()}`);
    await run(`UPDATE image_project_counters SET bytes = (${BYTES_SQL} AND g.project_id = image_project_counters.project_id),
      variant_bytes = (${VARIANT_BYTES_SQL} AND f.project_id = image_project_counters.project_id)`);
  }

  private rollupsSql(): string {
    const day = this.sequelize.getDialect() === 'sqlite' ? 'substr(created_at, 1, 10)' : "DATE_FORMAT(created_at, '%Y-%m-%d')";
    return `SELECT project_id, 'status' AS dimension, status AS value, COUNT(*) AS generations FROM image_generations GROUP BY project_id, status
      UNION ALL SELECT project_id, 'model', model, COUNT(*) FROM image_generations WHERE model IS NOT NULL GROUP BY project_id, model
      UNION ALL SELECT project_id, 'day', ${day}, COUNT(*) FROM image_generations GROUP BY project_id, ${day}`;
  }

  private countedSql(): string {
    const what = (...parts: string[]) => this.concat(parts);
    return `SELECT project_id, ${what("'generations:'", 'dimension', "':'", 'value')} AS what, generations AS n FROM (${this.rollupsSql()}) r
      UNION ALL SELECT project_id, ${what("'file:'", 'file_id')}, generations FROM (${FILES_SQL}) f
      UNION ALL SELECT c.project_id, 'bytes', (${BYTES_SQL} AND g.project_id = c.project_id) FROM image_project_counters c
      UNION ALL SELECT c.project_id, 'variant_bytes', (${VARIANT_BYTES_SQL} AND f.project_id = c.project_id) FROM image_project_counters c`;
  }

  private storedSql(): string {
    const what = (...parts: string[]) => this.concat(parts);
    return `SELECT project_id, ${what("'generations:'", 'dimension', "':'", 'value')} AS what, generations AS n FROM image_generation_rollups WHERE generations <> 0
      UNION ALL SELECT project_id, ${what("'file:'", 'file_id')}, generations FROM image_project_files
      UNION ALL SELECT project_id, 'bytes', bytes FROM image_project_counters
      UNION ALL SELECT project_id, 'variant_bytes', variant_bytes FROM image_project_counters`;
  }

  private concat(parts: string[]): string {
    return this.sequelize.getDialect() === 'sqlite' ? parts.join(' || ') : `CONCAT(${parts.join(', ')})`;
  }
}

interface Tally {
  project_id: string;
  what: string;
  n: number | string;
}

const FILES_SQL = 'SELECT project_id, file_id, COUNT(*) AS generations FROM image_generations WHERE file_id IS NOT NULL GROUP BY project_id, file_id';
const BYTES_SQL = 'SELECT COALESCE(SUM(g.file_size), 0) FROM image_generations g WHERE 1 = 1';
// Each file the project's generations use once, however many of them use it.
const VARIANT_BYTES_SQL = `SELECT COALESCE(SUM(v.size), 0) FROM (SELECT DISTINCT project_id, file_id FROM image_generations WHERE file_id IS NOT NULL) f
  JOIN file_variants v ON v.file_id = f.file_id WHERE 1 = 1`;
