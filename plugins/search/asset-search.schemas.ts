import { z } from '../../src/index.ts';
import { imageAssetSchema } from '../image-assets/image-asset.schemas.ts';
import { MAX_SEARCH_LIMIT, MAX_SEARCH_OFFSET } from './query-words.ts';

export const ASSET_SEARCH_FIELDS = ['name', 'description', 'tags', 'prompt', 'negative_prompt'] as const;

/** Parameter filters and facets by their query name, and the document attribute each reads. */
export const PARAMETER_FILTERS = {
  model: 'models',
  sampler: 'samplers',
  scheduler: 'schedulers',
  source: 'sources',
  lora: 'loras',
  embedding: 'embeddings',
  size: 'sizes',
} as const;
export type ParameterFilter = keyof typeof PARAMETER_FILTERS;
const PARAMETER_NAMES = Object.keys(PARAMETER_FILTERS) as ParameterFilter[];

export const MAX_FACET_LIMIT = 100;
const MAX_FILTER_VALUES = 20;

/** One parameter filter: repeat it for "any of these" (`model=a&model=b`). */
function parameterFilter(what: string, check?: { pattern: RegExp; message: string }) {
  return z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return undefined;
      const values = [...new Set((Array.isArray(value) ? value : [value]).map((v) => v.trim()).filter(Boolean))];
      if (values.length === 0) return undefined;
      if (values.length > MAX_FILTER_VALUES) ctx.addIssue({ code: 'custom', message: `may be given at most ${MAX_FILTER_VALUES} times` });
      for (const v of values) {
        if (v.length > 200) ctx.addIssue({ code: 'custom', message: 'must be at most 200 characters' });
        else if (check && !check.pattern.test(v)) ctx.addIssue({ code: 'custom', message: `${check.message} (got ${v})` });
      }
      return values;
    })
    .meta({ description: `Only assets with a generation whose ${what} is this one (case and accents do not count). Repeat for any of several.` });
}

export const assetSearchParams = z.object({ project_id: z.string().min(1).max(100) });

export const assetSearchQuery = z.object({
  q: z.string().trim().min(1, 'must not be empty').max(500),
  fields: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === '') return undefined;
      const fields = [...new Set(value.split(',').map((f) => f.trim()).filter(Boolean))];
      const unknown = fields.filter((f) => !(ASSET_SEARCH_FIELDS as readonly string[]).includes(f));
      if (unknown.length > 0) ctx.addIssue({ code: 'custom', message: `must be a comma-separated list of ${ASSET_SEARCH_FIELDS.join(', ')} (got ${unknown.join(', ')})` });
      return fields;
    })
    .meta({ description: 'Comma-separated: name, description, tags. Default: all three.' }),
  fuzzy: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true')
    .meta({ description: 'Tolerate typos and match word prefixes. Default false: whole words only.' }),
  limit: z.coerce.number().int().min(1).max(MAX_SEARCH_LIMIT).default(50),
  offset: z.coerce.number().int().min(0).max(MAX_SEARCH_OFFSET).default(0),
  model: parameterFilter('model'),
  sampler: parameterFilter('sampler'),
  scheduler: parameterFilter('scheduler'),
  source: parameterFilter('source generator (automatic1111, comfyui, invokeai, ...)'),
  lora: parameterFilter('LoRAs include'),
  embedding: parameterFilter('textual-inversion embeddings include'),
  size: parameterFilter('size (WxH, e.g. 832x1216)', { pattern: /^[1-9]\d{0,5}x[1-9]\d{0,5}$/, message: 'must be WxH, e.g. 832x1216' }),
  facets: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === '') return undefined;
      const facets = [...new Set(value.split(',').map((f) => f.trim()).filter(Boolean))];
      const unknown = facets.filter((f) => !(PARAMETER_NAMES as string[]).includes(f));
      if (unknown.length > 0) ctx.addIssue({ code: 'custom', message: `must be a comma-separated list of ${PARAMETER_NAMES.join(', ')} (got ${unknown.join(', ')})` });
      return facets as ParameterFilter[];
    })
    .meta({ description: `Comma-separated: ${PARAMETER_NAMES.join(', ')}. Counts each one's values over all matching assets (not only this page), in \`facets\`.` }),
  facet_limit: z.coerce.number().int().min(1).max(MAX_FACET_LIMIT).default(10).meta({ description: 'How many values each facet lists, most frequent first.' }),
});

export const assetSearchResponse = z.object({
  assets: z.array(imageAssetSchema.extend({ relevance_score: z.number().min(0).max(1) })),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
  has_more: z.boolean(),
  facets: z
    .record(z.string(), z.array(z.object({ value: z.string(), count: z.number().int().min(1) })))
    .optional()
    .meta({ description: 'Present when `facets` was asked: per facet, its most frequent values over all matching assets, with how many assets hold each.' }),
  degraded: z.boolean().meta({ description: 'True when the search engine was unreachable and a plain database query answered.' }),
});
