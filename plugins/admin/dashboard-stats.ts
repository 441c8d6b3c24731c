import { QueryTypes, type Sequelize } from 'sequelize';
import type { Container } from 'inversify';

import { ANALYTICS } from '../analytics/tokens.ts';

import { DASHBOARD_PRINCIPAL } from '../../src/index.ts';

export interface DashboardStats {
  total_assets: number;
  total_generations: number;
  generations_by_status: Record<string, number>;
  storage_used: number;
  daily: Array<{ date: string; count: number }>;
  projects: number;
  media_assets: number | null;
}

/** The analytics plugin's project numbers, summed over every project. Empty when analytics is not loaded. */
export async function dashboardStats(container: Container, sequelize: Sequelize): Promise<DashboardStats> {
  const result: DashboardStats = { total_assets: 0, total_generations: 0, generations_by_status: {}, storage_used: 0, daily: [], projects: 0, media_assets: null };
  if (container.isBound(ANALYTICS.stats)) {
    const stats = container.get(ANALYTICS.stats);
    const projects = await sequelize.query<{ project_id: string }>('SELECT DISTINCT project_id FROM image_assets', { type: QueryTypes.SELECT });
    result.projects = projects.length;
    const now = new Date();
    const byDay = new Map<string, number>();
    for (const { project_id } of projects) {
      const p = await stats.projectStats(DASHBOARD_PRINCIPAL, project_id, now);
      result.total_assets += p.total_assets;
      result.total_generations += p.total_generations;
      result.storage_used += p.storage_used;
      for (const [status, count] of Object.entries(p.generations_by_status)) result.generations_by_status[status] = (result.generations_by_status[status] ?? 0) + count;
      for (const d of p.generation_trends.daily) byDay.set(d.date, (byDay.get(d.date) ?? 0) + d.count);
    }
    if (projects.length === 0) {
      // Still 30 empty days: the numbers of a project that does not exist.
      const p = await stats.projectStats(DASHBOARD_PRINCIPAL, 'no-project', now);
      for (const d of p.generation_trends.daily) byDay.set(d.date, 0);
      result.generations_by_status = p.generations_by_status;
    }
    result.daily = [...byDay.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([date, count]) => ({ date, count }));
  }
  try {
    const [row] = await sequelize.query<{ n: number | string }>('SELECT COUNT(*) AS n FROM media_assets', { type: QueryTypes.SELECT });
    result.media_assets = Number(row?.n ?? 0);
  } catch {
    result.media_assets = null; // media-assets not loaded
  }
  return result;
}
