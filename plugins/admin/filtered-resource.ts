import { Op, type ModelStatic, type Model, type WhereOptions } from 'sequelize';

type FilterLike = { filters?: Record<string, { value: unknown }> } | undefined;
type IdsFor = (value: string) => Promise<string[]>;

/**
 * The Sequelize adapter's resource, plus filters on computed fields: each named filter is taken
 * out of AdminJS's filter and becomes `id IN (...)`. Built lazily so adminjs loads only when the
 * dashboard is on.
 */
export async function filteredResourceClass() {
  const { Resource, convertFilter } = await import('@adminjs/sequelize');
  const { BaseRecord } = await import('adminjs');

  return class FilteredResource extends Resource {
    constructor(
      private readonly model: ModelStatic<Model>,
      private readonly extra: Record<string, IdsFor>,
    ) {
      super(model);
    }

    private async where(filter: FilterLike): Promise<WhereOptions> {
      const conditions: WhereOptions[] = [];
      // A copy: AdminJS passes the same filter to find and then count.
      const rest = filter ? Object.assign(Object.create(Object.getPrototypeOf(filter)), filter, { filters: { ...filter.filters } }) : filter;
      for (const [key, idsFor] of Object.entries(this.extra)) {
        const element = rest?.filters?.[key];
        if (!element) continue;
        delete rest.filters[key];
        conditions.push({ [this.primaryKey()]: { [Op.in]: await idsFor(String(element.value)) } });
      }
      return { [Op.and]: [convertFilter(rest as never), ...conditions] };
    }

    override async count(filter: FilterLike): Promise<number> {
      return this.model.count({ where: await this.where(filter) });
    }

    override async find(filter: FilterLike, options: { limit?: number; offset?: number; sort?: { sortBy?: string; direction?: 'asc' | 'desc' } } = {}) {
      const { limit = 20, offset = 0, sort = {} } = options;
      const rows = await this.model.findAll({
        where: await this.where(filter),
        limit,
        offset,
        order: sort.sortBy ? [[sort.sortBy, (sort.direction ?? 'asc').toUpperCase()]] : undefined,
      });
      return rows.map((row) => new BaseRecord(row.toJSON(), this));
    }
  };
}
