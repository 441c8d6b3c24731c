import { z } from '../../src/index.ts';

/** A query value given once (Express turns a repeated key into an array, which is refused). */
const once = () => z.string();
const intParam = (min: number, max: number, fallback: number) =>
  once()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .default(fallback);

export const TAG_SORT_FIELDS = ['name', 'created_at', 'updated_at'] as const;

const tagName = z.string().trim().min(1, 'must not be empty').max(100);
const tagColor = z
  .string()
  .regex(/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, 'must be a hex colour: #RGB or #RRGGBB')
  .nullable();
const tagDescription = z.string().max(2000).nullable();

export const tagIdParams = z.object({ tag_id: z.string() });

export const tagListQuery = z.object({
  skip: intParam(0, 1_000_000_000, 0),
  limit: intParam(1, 200, 100),
  sort_by: z.enum(TAG_SORT_FIELDS).default('name'),
  sort_dir: z.enum(['asc', 'desc']).default('asc'),
  name: once().max(100).optional().describe('Exact tag name, regardless of case'),
  search: once().max(200).optional().describe('Part of the name or description, regardless of case (database LIKE)'),
});
export type TagListQuery = z.output<typeof tagListQuery>;

export const createTagBody = z.strictObject({
  name: tagName,
  description: tagDescription.optional(),
  color: tagColor.optional(),
});
export type CreateTagInput = z.output<typeof createTagBody>;

export const updateTagBody = z.strictObject({
  name: tagName.optional(),
  description: tagDescription.optional(),
  color: tagColor.optional(),
});
export type UpdateTagInput = z.output<typeof updateTagBody>;

export const tagResponse = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string().nullable(),
    color: z.string().nullable(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .openapi('Tag');

export const tagListResponse = z.object({
  items: z.array(tagResponse),
  total: z.number().int(),
  skip: z.number().int(),
  limit: z.number().int(),
});
