import { InputError, parseInput, type AdminParams, type AdminResourceEntry } from '../../src/index.ts';
import type { TagService } from './tag.service.ts';
import { createTagBody, updateTagBody } from './tag.schemas.ts';

/** Empty form fields mean "none" for the optional ones. */
function tagFields(params: AdminParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if ('name' in params) out.name = params.name ?? '';
  for (const key of ['description', 'color'] as const) {
    if (key in params) out[key] = params[key] === '' || params[key] === undefined ? null : params[key];
  }
  return out;
}

/** Tags in the dashboard: colour swatches; create, rename, recolour, merge and delete through TagService. */
export function tagAdminResource(tags: TagService): Omit<AdminResourceEntry, 'pluginId'> {
  const swatch = { components: { list: 'ColorSwatch', show: 'ColorSwatch' } };
  return {
    resource: tags.model(),
    options: {
      navigation: { name: 'Tags' },
      listProperties: ['name', 'color', 'description', 'createdAt'],
      editProperties: ['name', 'color', 'description'],
      showProperties: ['id', 'name', 'color', 'description', 'createdAt', 'updatedAt'],
      properties: { nameKey: { isVisible: false }, color: swatch, description: { type: 'textarea' } },
      sort: { sortBy: 'name', direction: 'asc' },
    },
    writes: {
      create: async (params) => ({ id: (await tags.create(parseInput(createTagBody, tagFields(params), 'body'))).id }),
      update: async (id, params) => void (await tags.update(id, parseInput(updateTagBody, tagFields(params), 'body'))),
      remove: (id) => tags.remove(id),
    },
    actions: [
      {
        name: 'mergeTag',
        label: 'Merge into…',
        actionType: 'record',
        icon: 'GitMerge',
        guard: 'Every asset tagged with this tag gets the target tag instead; this tag is deleted.',
        // The picker posts the chosen tag's id; a name (as older callers send) is taken too.
        fields: [{ name: 'target', label: 'Target tag', type: 'reference', resource: 'tags', excludeRecord: true }],
        async run({ recordId, params }) {
          const wanted = typeof params.target === 'string' ? params.target.trim() : '';
          if (!wanted) throw InputError.field('target', 'choose the tag to merge into');
          const byName = (await tags.list({ name: wanted, skip: 0, limit: 1, sort_by: 'name', sort_dir: 'asc' })).items[0];
          const target = byName ?? (await tags.get(wanted));
          const merged = await tags.merge(recordId!, target.id);
          return { message: `Merged into "${merged.name}".`, data: merged };
        },
      },
    ],
  };
}
