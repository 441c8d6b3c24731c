import { QueryTypes, type Sequelize } from 'sequelize';
import type { Principal } from '../../src/index.ts';
import { z } from '../../src/index.ts';

export const listProjectsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ListProjectsQuery = z.output<typeof listProjectsQuery>;

export const projectSummary = z.object({
  id: z.string(),
  asset_count: z.number().int(),
  file_size: z.number().int().describe('Bytes of all its assets’ images'),
});

export const projectListResponse = z.object({
  projects: z.array(projectSummary),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
  has_more: z.boolean(),
});
type ProjectSummary = z.output<typeof projectSummary>;

/**
 * Projects exist through their assets. A key limited to projects sees exactly its own (with zero
 * counts where none has assets yet); other keys see every project that has an asset, by id.
 * Counted on the (project_id, file_size) index alone.
 */
export async function listProjects(sequelize: Sequelize, principal: Principal, query: ListProjectsQuery) {
  const scoped = principal.projectIds;
  const count = (where: string, replacements: Record<string, unknown>, page = '') =>
    sequelize.query<{ id: string; asset_count: number | string; file_size: number | string | null }>(
      `SELECT project_id AS id, COUNT(*) AS asset_count, SUM(file_size) AS file_size FROM image_assets ${where} GROUP BY project_id ORDER BY project_id ${page}`,
      { replacements, type: QueryTypes.SELECT },
    );
  const toSummary = (r: { id: string; asset_count: number | string; file_size: number | string | null }): ProjectSummary => ({
    id: r.id,
    asset_count: Number(r.asset_count),
    file_size: Number(r.file_size ?? 0),
  });
  let projects: ProjectSummary[];
  let total: number;
  if (scoped === null) {
    projects = (await count('', { limit: query.limit, offset: query.offset }, 'LIMIT :limit OFFSET :offset')).map(toSummary);
    const [row] = await sequelize.query<{ n: number | string }>('SELECT COUNT(DISTINCT project_id) AS n FROM image_assets', { type: QueryTypes.SELECT });
    total = Number(row?.n ?? 0);
  } else {
    const ids = [...scoped].sort();
    const found = new Map((await count('WHERE project_id IN (:ids)', { ids })).map((r) => [r.id, toSummary(r)]));
    const all = ids.map((id) => found.get(id) ?? { id, asset_count: 0, file_size: 0 });
    total = all.length;
    projects = all.slice(query.offset, query.offset + query.limit);
  }
  return { projects, total, limit: query.limit, offset: query.offset, has_more: query.offset + projects.length < total };
}
