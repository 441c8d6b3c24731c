import { QueryTypes, type Sequelize } from 'sequelize';
import { CORE, assertProjectAccess, inject, injectable, type Principal } from '../../src/index.ts';
import { GENERATION_STATUSES, Generation, IMAGE_ASSETS, findVisibleAsset, type GenerationStatus, type ProjectCounters } from '../image-assets/tokens.ts';

export const TREND_DAYS = 30;
export const MOST_USED_TAGS = 10;

const DAY_MS = 24 * 60 * 60 * 1000;
const utcDay = (date: Date) => date.toISOString().slice(0, 10);

/**
 * Statistics from indexed aggregates: each query reads one index of image_generations
 * ((project_id, status), (project_id, created_at), (project_id, model)), the asset counters
 * ((project_id, file_size)) or the per-tag counts the image-assets plugin keeps.
 */
@injectable()
export class StatsService {
  constructor(
    @inject(CORE.database) private readonly sequelize: Sequelize,
    @inject(IMAGE_ASSETS.counters) private readonly counters: ProjectCounters,
  ) {}

  /**
   * Bytes of the resized variants made from the project's images. The variants table belongs to
   * the storage plugin; without it there are none.
   */
  private async variantBytes(projectId: string): Promise<number> {
    if (!this.sequelize.isDefined('FileVariant')) return 0;
    const [row] = await this.select<{ bytes: number | string | null }>(
      `SELECT SUM(v.size) AS bytes FROM file_variants v
       WHERE v.file_id IN (SELECT g.file_id FROM image_generations g WHERE g.project_id = :projectId AND g.file_id IS NOT NULL)`,
      { projectId },
    );
    return Number(row?.bytes ?? 0);
  }

  async projectStats(principal: Principal, projectId: string, now = new Date()) {
    assertProjectAccess(principal, projectId);
    const since = new Date(Date.parse(utcDay(now)) - (TREND_DAYS - 1) * DAY_MS);
    const [totals, variantBytes, byStatus, daily, models, tags] = await Promise.all([
      this.select<{ assets: number | string; storage: number | string | null }>(
        'SELECT COUNT(*) AS assets, SUM(file_size) AS storage FROM image_assets WHERE project_id = :projectId',
        { projectId },
      ),
      this.variantBytes(projectId),
      this.select<{ status: GenerationStatus; count: number | string }>(
        'SELECT status, COUNT(*) AS count FROM image_generations WHERE project_id = :projectId GROUP BY status',
        { projectId },
      ),
      this.select<{ day: string; count: number | string }>(
        `SELECT ${this.dayExpression()} AS day, COUNT(*) AS count FROM image_generations
         WHERE project_id = :projectId AND created_at >= :since GROUP BY day`,
        { projectId, since },
      ),
      this.select<{ model: string; count: number | string }>(
        `SELECT model, COUNT(*) AS count FROM image_generations
         WHERE project_id = :projectId AND model IS NOT NULL GROUP BY model ORDER BY count DESC, model ASC`,
        { projectId },
      ),
      this.counters.tagCounts(projectId, MOST_USED_TAGS),
    ]);

    const generationsByStatus = Object.fromEntries(GENERATION_STATUSES.map((s) => [s, 0])) as Record<GenerationStatus, number>;
    for (const row of byStatus) generationsByStatus[row.status] = Number(row.count);
    const perDay = new Map(daily.map((row) => [String(row.day), Number(row.count)]));
    return {
      total_assets: Number(totals[0]?.assets ?? 0),
      total_generations: Object.values(generationsByStatus).reduce((a, b) => a + b, 0),
      generations_by_status: generationsByStatus,
      storage_used: Number(totals[0]?.storage ?? 0) + variantBytes,
      most_used_tags: tags.map((t) => t.name),
      generation_trends: {
        daily: Array.from({ length: TREND_DAYS }, (_, i) => {
          const date = utcDay(new Date(since.getTime() + i * DAY_MS));
          return { date, count: perDay.get(date) ?? 0 };
        }),
        models_used: Object.fromEntries(models.map((m) => [m.model, Number(m.count)])),
      },
    };
  }

  async assetStats(principal: Principal, assetId: string) {
    const asset = await findVisibleAsset(assetId, principal);
    const history = await Generation.findAll({
      where: { assetId: asset.id },
      attributes: ['id', 'status', 'model', 'isFavorite', 'fileSize', 'createdAt'],
      order: [['createdAt', 'ASC'], ['id', 'ASC']],
    });
    const count = (status: GenerationStatus) => history.filter((g) => g.status === status).length;
    return {
      total_generations: asset.totalGenerations,
      successful_generations: count('completed'),
      failed_generations: count('failed'),
      favorite_generation_id: asset.favoriteGenerationId,
      total_file_size: asset.fileSize,
      generation_history: history.map((g) => ({
        id: g.id,
        status: g.status,
        model: g.model,
        is_favorite: Boolean(g.isFavorite),
        file_size: g.fileSize,
        created_at: g.createdAt.toISOString(),
      })),
    };
  }

  /** The UTC day of created_at as YYYY-MM-DD (SQLite keeps `YYYY-MM-DD HH:MM:SS.sss +00:00` text; MySQL a UTC DATETIME). */
  private dayExpression(): string {
    return this.sequelize.getDialect() === 'sqlite' ? 'substr(created_at, 1, 10)' : "DATE_FORMAT(created_at, '%Y-%m-%d')";
  }

  private select<T extends object>(sql: string, replacements: Record<string, unknown>): Promise<T[]> {
    return this.sequelize.query<T>(sql, { replacements, type: QueryTypes.SELECT });
  }
}
