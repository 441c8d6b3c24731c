import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { CORE, inject, injectable, type LeanReader } from '../../src/index.ts';

export interface CounterMismatch {
  project_id: string;
  counted: number;
  stored: number;
}

/** Each project's asset count (image_project_counters), changed in the transaction that adds or removes assets. */
@injectable()
export class ProjectCounters {
  constructor(
    @inject(CORE.database) private readonly sequelize: Sequelize,
    @inject(CORE.reads) private readonly reader: LeanReader,
  ) {}

  async add(projectId: string, delta: number, transaction: Transaction): Promise<void> {
    if (delta === 0) return;
    const upsert =
      this.sequelize.getDialect() === 'sqlite'
        ? 'INSERT INTO image_project_counters (project_id, assets) VALUES (:projectId, :delta) ON CONFLICT (project_id) DO UPDATE SET assets = assets + excluded.assets'
        : 'INSERT INTO image_project_counters (project_id, assets) VALUES (:projectId, :delta) ON DUPLICATE KEY UPDATE assets = assets + VALUES(assets)';
    await this.sequelize.query(upsert, { replacements: { projectId, delta }, transaction });
  }

  async assets(projectId: string): Promise<number> {
    const [row] = await this.reader.all<{ assets: number | string }>('SELECT assets FROM image_project_counters WHERE project_id = ?', [projectId]);
    return Number(row?.assets ?? 0);
  }

  /** Projects whose stored count differs from a count of their assets. */
  async verify(): Promise<CounterMismatch[]> {
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
   * Counts every project's assets again, in one transaction: on SQLite it holds the write lock; on
   * MySQL INSERT ... SELECT share-locks the rows it counts and the counters are locked by the
   * DELETE, so a concurrent insert or delete waits and is counted exactly once.
   */
  async rebuild(): Promise<void> {
    await this.sequelize.transaction(async (transaction) => {
      await this.sequelize.query('DELETE FROM image_project_counters', { transaction });
      await this.sequelize.query('INSERT INTO image_project_counters (project_id, assets) SELECT project_id, COUNT(*) FROM image_assets GROUP BY project_id', { transaction });
    });
  }
}
