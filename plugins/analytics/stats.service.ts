import { assertProjectAccess, inject, injectable, type Principal } from '../../src/index.ts';
import { GENERATION_STATUSES, Generation, IMAGE_ASSETS, findVisibleAsset, type GenerationStatus, type ProjectCounters, type ProjectRollups } from '../image-assets/tokens.ts';

export const TREND_DAYS = 30;
export const MOST_USED_TAGS = 10;

const DAY_MS = 24 * 60 * 60 * 1000;
const utcDay = (date: Date) => date.toISOString().slice(0, 10);

/**
 * Project statistics from what the image-assets plugin keeps in the transaction of every write:
 * its rollups (generations per status, model and day; image and variant bytes), its asset
 * counter and its per-tag counts. A few row reads, whatever the project's size.
 */
@injectable()
export class StatsService {
  constructor(
    @inject(IMAGE_ASSETS.counters) private readonly counters: ProjectCounters,
    @inject(IMAGE_ASSETS.rollups) private readonly rollups: ProjectRollups,
  ) {}

  async projectStats(principal: Principal, projectId: string, now = new Date()) {
    assertProjectAccess(principal, projectId);
    const since = new Date(Date.parse(utcDay(now)) - (TREND_DAYS - 1) * DAY_MS);
    const [rollup, tags] = await Promise.all([
      this.rollups.read(projectId, utcDay(since)),
      this.counters.tagCounts(projectId, MOST_USED_TAGS),
    ]);
    const { status, day, model } = rollup.generationsBy;
    const generationsByStatus = Object.fromEntries(GENERATION_STATUSES.map((s) => [s, status.get(s) ?? 0])) as Record<GenerationStatus, number>;
    return {
      total_assets: rollup.assets,
      total_generations: Object.values(generationsByStatus).reduce((a, b) => a + b, 0),
      generations_by_status: generationsByStatus,
      storage_used: rollup.bytes + rollup.variantBytes,
      most_used_tags: tags.map((t) => t.name),
      generation_trends: {
        daily: Array.from({ length: TREND_DAYS }, (_, i) => {
          const date = utcDay(new Date(since.getTime() + i * DAY_MS));
          return { date, count: day.get(date) ?? 0 };
        }),
        models_used: Object.fromEntries([...model].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))),
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
}
