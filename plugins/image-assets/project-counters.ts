import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { CORE, inject, injectable, type LeanReader } from '../../src/index.ts';
import type { ProjectRollups } from './project-rollups.ts';
import { IMAGE_ASSETS } from './tokens.ts';

export interface CounterMismatch {
  project_id: string;
  /** Set for a per-tag count. */
  tag_id?: string;
  /** Set for a stats rollup: which one (`generations:status:completed`, `bytes`, `file:<id>`, ...). */
  counter?: string;
  counted: number;
  stored: number;
}

/** One link more (1) or fewer (-1) between a project's asset and a tag. */
export interface TagCountChange {
  projectId: string;
  tagId: string;
  delta: number;
}

const TAG_COUNTS_FROM_LINKS =
  'SELECT project_id, tag_id, COUNT(*) AS n FROM image_asset_tags WHERE project_id IS NOT NULL GROUP BY project_id, tag_id';

export interface TagCount {
  name: string;
  count: number;
}

/** Projects whose tag lists are kept in memory (each up to a few thousand tags). */
const CACHED_TAG_LISTS = 200;

/**
 * Counts kept in the transaction of the writes they count: each project's assets
 * (image_project_counters) and each project's assets per tag (image_project_tag_counts).
 */
@injectable()
export class ProjectCounters {
  /** Each project's tag list as of its version, least recently used first out. */
  private readonly tagLists = new Map<string, { version: number; tags: TagCount[] }>();

  constructor(
    @inject(CORE.database) private readonly sequelize: Sequelize,
    @inject(CORE.reads) private readonly reader: LeanReader,
    @inject(IMAGE_ASSETS.rollups) private readonly rollups: ProjectRollups,
  ) {}

  async add(projectId: string, delta: number, transaction: Transaction): Promise<void> {
    if (delta === 0) return;
    const upsert =
      this.sequelize.getDialect() === 'sqlite'
        ? 'INSERT INTO image_project_counters (project_id, assets) VALUES (:projectId, :delta) ON CONFLICT (project_id) DO UPDATE SET assets = assets + excluded.assets'
        : 'INSERT INTO image_project_counters (project_id, assets) VALUES (:projectId, :delta) ON DUPLICATE KEY UPDATE assets = assets + VALUES(assets)';
    await this.sequelize.query(upsert, { replacements: { projectId, delta }, transaction });
  }

  /**
   * Applies link changes. Rows are changed in one order (project, then tag) by every writer, so
   * two transactions touching the same counts wait for each other instead of deadlocking.
   */
  async changeTags(changes: TagCountChange[], transaction: Transaction | null): Promise<void> {
    const sums = new Map<string, TagCountChange>();
    for (const c of changes) {
      // Links from before links carried their project (migration 0902 filled them) are not counted.
      if (!c.projectId) continue;
      const key = `${c.projectId}\u0000${c.tagId}`;
      const sum = sums.get(key) ?? { projectId: c.projectId, tagId: c.tagId, delta: 0 };
      sum.delta += c.delta;
      sums.set(key, sum);
    }
    const rows = [...sums.entries()].filter(([, c]) => c.delta !== 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, c]) => c);
    if (rows.length === 0) return;
    const values = rows.map(() => '(?, ?, ?)').join(', ');
    const run = async (tx: Transaction) => {
      await this.sequelize.query(`INSERT INTO image_project_tag_counts (project_id, tag_id, assets) VALUES ${values} ${this.addOnConflict('project_id, tag_id', 'assets')}`, {
        replacements: rows.flatMap((r) => [r.projectId, r.tagId, r.delta]),
        transaction: tx,
      });
      await this.bumpVersions(rows.map((r) => r.projectId), tx);
    };
    // Outside a transaction (a tag deleted on its own), the counts change in one of their own.
    await (transaction ? run(transaction) : this.sequelize.transaction(run));
  }

  /** The tags' names changed (a rename): the lists of the projects using them are new. */
  async tagsRenamed(projectIds: string[], transaction: Transaction | null): Promise<void> {
    await (transaction ? this.bumpVersions(projectIds, transaction) : this.sequelize.transaction((tx) => this.bumpVersions(projectIds, tx)));
  }

  /**
   * What these projects' asset lists or tag lists show changes in this transaction: copies that
   * instances keep of them (by version) are stale once it commits. After the tag counts, before
   * the rollups and counters in the lock order.
   */
  async bumpVersions(projectIds: string[], transaction: Transaction): Promise<void> {
    const ids = [...new Set(projectIds.filter(Boolean))].sort();
    if (ids.length === 0) return;
    await this.sequelize.query(
      `INSERT INTO image_project_versions (project_id, version) VALUES ${ids.map(() => '(?, 1)').join(', ')} ${this.addOnConflict('project_id', 'version')}`,
      { replacements: ids, transaction },
    );
  }

  private addOnConflict(key: string, column: string): string {
    return this.sequelize.getDialect() === 'sqlite'
      ? `ON CONFLICT (${key}) DO UPDATE SET ${column} = ${column} + excluded.${column}`
      : `ON DUPLICATE KEY UPDATE ${column} = ${column} + VALUES(${column})`;
  }

  /**
   * The project's tags with how many of its assets carry each, most used first. With a limit, only
   * the counts at or above the limit-th largest are joined and sorted (the (project_id, assets)
   * index finds it in `limit` steps), not all the project's tags.
   */
  async tagCounts(projectId: string, limit?: number): Promise<TagCount[]> {
    if (limit) return this.readTagCounts(projectId, limit);
    const version = await this.version(projectId);
    const cached = this.tagLists.get(projectId);
    const tags = cached && cached.version === version ? cached.tags : await this.readTagCounts(projectId);
    this.tagLists.delete(projectId);
    this.tagLists.set(projectId, { version, tags });
    if (this.tagLists.size > CACHED_TAG_LISTS) this.tagLists.delete(this.tagLists.keys().next().value!);
    return tags;
  }

  /**
   * The project's version (see bumpVersions). Read it before what it versions: a change committed
   * in between makes a copy look older than it is, never newer.
   */
  async version(projectId: string): Promise<number> {
    const [row] = await this.reader.all<{ version: number | string }>('SELECT version FROM image_project_versions WHERE project_id = ?', [projectId]);
    return Number(row?.version ?? 0);
  }

  private async readTagCounts(projectId: string, limit?: number): Promise<TagCount[]> {
    const floor = limit
      ? ` AND c.assets >= COALESCE((SELECT assets FROM image_project_tag_counts WHERE project_id = ? AND assets > 0 ORDER BY assets DESC LIMIT 1 OFFSET ${Number(limit) - 1}), 1)`
      : '';
    const rows = await this.reader.all<{ name: string; count: number | string }>(
      `SELECT t.name AS name, c.assets AS count FROM image_project_tag_counts c JOIN tags t ON t.id = c.tag_id
       WHERE c.project_id = ? AND c.assets > 0${floor} ORDER BY c.assets DESC, t.name_key ASC${limit ? ` LIMIT ${Number(limit)}` : ''}`,
      limit ? [projectId, projectId] : [projectId],
    );
    return rows.map((r) => ({ name: r.name, count: Number(r.count) }));
  }

  /** How many of the project's assets carry this tag. */
  async taggedAssets(projectId: string, tagId: string): Promise<number> {
    const [row] = await this.reader.all<{ assets: number | string }>('SELECT assets FROM image_project_tag_counts WHERE project_id = ? AND tag_id = ?', [projectId, tagId]);
    return Number(row?.assets ?? 0);
  }

  async assets(projectId: string): Promise<number> {
    const [row] = await this.reader.all<{ assets: number | string }>('SELECT assets FROM image_project_counters WHERE project_id = ?', [projectId]);
    return Number(row?.assets ?? 0);
  }

  /** Counts that differ from a count of what they count: per project, per project and tag, then the stats rollups. */
  async verify(): Promise<CounterMismatch[]> {
    return [...(await this.verifyAssets()), ...(await this.verifyTags()), ...(await this.rollups.verify())];
  }

  private async verifyTags(): Promise<CounterMismatch[]> {
    // One transaction, so both reads see the same moment of a busy database.
    const [counted, stored] = await this.sequelize.transaction(async (transaction) => [
      await this.sequelize.query<{ project_id: string; tag_id: string; n: number | string }>(TAG_COUNTS_FROM_LINKS, { type: QueryTypes.SELECT, transaction }),
      await this.sequelize.query<{ project_id: string; tag_id: string; assets: number | string }>('SELECT project_id, tag_id, assets FROM image_project_tag_counts', {
        type: QueryTypes.SELECT,
        transaction,
      }),
    ] as const);
    const byKey = new Map<string, CounterMismatch>();
    for (const r of stored) byKey.set(`${r.project_id}/${r.tag_id}`, { project_id: r.project_id, tag_id: r.tag_id, counted: 0, stored: Number(r.assets) });
    for (const r of counted) {
      const key = `${r.project_id}/${r.tag_id}`;
      const entry = byKey.get(key) ?? { project_id: r.project_id, tag_id: r.tag_id, counted: 0, stored: 0 };
      entry.counted = Number(r.n);
      byKey.set(key, entry);
    }
    return [...byKey.values()].filter((m) => m.counted !== m.stored).sort((a, b) => `${a.project_id}/${a.tag_id}`.localeCompare(`${b.project_id}/${b.tag_id}`));
  }

  private async verifyAssets(): Promise<CounterMismatch[]> {
    const rows = await this.sequelize.query<{ project_id: string; counted: number | string | null; stored: number | string | null }>(
      `SELECT p.project_id, a.n AS counted, c.assets AS stored
       FROM (SELECT project_id FROM image_assets UNION SELECT project_id FROM image_project_counters) p
       LEFT JOIN (SELECT project_id, COUNT(*) AS n FROM image_assets GROUP BY project_id) a ON a.project_id = p.project_id
       LEFT JOIN image_project_counters c ON c.project_id = p.project_id`,
      { type: QueryTypes.SELECT },
    );
    return rows
      .map((r) => ({ project_id: r.project_id, counted: Number(r.counted ?? 0), stored: Number(r.stored ?? 0) }))
      .filter((r) => r.counted !== r.stored)
      .sort((a, b) => a.project_id.localeCompare(b.project_id));
  }

  /**
   * Counts every project's assets, and its assets per tag, again, in one transaction: on SQLite it holds the write lock; on
   * MySQL INSERT ... SELECT share-locks the rows it counts and the counters are locked by the
   * DELETE, so a concurrent insert or delete waits and is counted exactly once.
   */
  async rebuild(): Promise<void> {
    await this.sequelize.transaction(async (transaction) => {
      await this.sequelize.query('DELETE FROM image_project_counters', { transaction });
      await this.sequelize.query('INSERT INTO image_project_counters (project_id, assets) SELECT project_id, COUNT(*) FROM image_assets GROUP BY project_id', { transaction });
      await this.sequelize.query('DELETE FROM image_project_tag_counts', { transaction });
      await this.sequelize.query(`INSERT INTO image_project_tag_counts (project_id, tag_id, assets) ${TAG_COUNTS_FROM_LINKS}`, { transaction });
      // Every list a running server keeps a copy of is stale now.
      await this.sequelize.query('UPDATE image_project_versions SET version = version + 1', { transaction });
      await this.sequelize.query(
        `INSERT INTO image_project_versions (project_id, version) SELECT c.project_id, 1 FROM image_project_counters c
         WHERE NOT EXISTS (SELECT 1 FROM image_project_versions v WHERE v.project_id = c.project_id)`,
        { transaction },
      );
      await this.rollups.rebuild(transaction);
    });
  }
}
