import { nullableLinkSchema, z } from '../../src/index.ts';
import { normaliseFileType } from './file-types.ts';

// No regex flags: OpenAPI patterns carry none, and the generator would leak "/i" into the pattern.
const UUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
export const isUuid = (value: string) => UUID_PATTERN.test(value);

const uuid = () => z.string().regex(UUID_PATTERN, 'must be a UUID');
/** A query value given once (Express turns a repeated key into an array, which is refused). */
const once = () => z.string();
const intParam = (min: number, max: number, fallback: number) =>
  once().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.number().int().min(min).max(max)).default(fallback);

/** Repeated keys (`tag_ids=a&tag_ids=b`, as Python requests sends a list) or one comma-separated value. */
const idList = (max: number) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((value) => (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean))
    .pipe(z.array(uuid()).max(max));

const fileName = z.string().trim().min(1, 'must not be empty').max(255);
const tagIds = z.array(uuid()).max(100);

export const MEDIA_SORT_FIELDS = ['uploaded_at', 'created_at', 'updated_at', 'file_name', 'file_type', 'file_size_bytes', 'uploaded_by'] as const;

export const assetIdParams = z.object({ asset_id: z.string() });
export const tagIdParams = z.object({ tag_id: z.string() });

export const mediaListQuery = z.object({
  skip: intParam(0, 1_000_000_000, 0),
  limit: intParam(1, 200, 100),
  sort_by: z.enum(MEDIA_SORT_FIELDS).default('uploaded_at'),
  sort_dir: z.enum(['asc', 'desc']).default('desc'),
  file_name: once().max(255).optional().describe('Part of the file name, regardless of case'),
  file_type: once().max(32).transform(normaliseFileType).optional().describe('File type, e.g. `jpg` (a leading dot and `jpeg` are accepted)'),
  tag_ids: idList(50).optional().describe('Tag ids, repeated or comma-separated. An asset must carry all of them unless tag_match=any'),
  tag_match: z.enum(['all', 'any']).default('all'),
  uploaded_by: once().max(200).optional().describe('Exact uploader name'),
  search: once().max(200).optional().describe('Words found in the file name or a tag name, regardless of case (a database LIKE query)'),
});
export type MediaListQuery = z.output<typeof mediaListQuery>;

export const tagAssetsQuery = z.object({ skip: intParam(0, 1_000_000_000, 0), limit: intParam(1, 200, 100) });

export const createMediaAssetBody = z.strictObject({
  file_name: fileName,
  file_type: z.string().trim().min(1).max(32).transform(normaliseFileType),
  content_type: z.string().regex(/^[\w.+-]+\/[\w.+-]+$/, 'must be a MIME type such as image/png').max(127).transform((s) => s.toLowerCase()),
  uploaded_by: z.string().trim().min(1).max(200).optional().describe('Only an admin token may name someone other than itself'),
  tag_ids: tagIds.optional(),
});
export type CreateMediaAssetInput = z.output<typeof createMediaAssetBody>;

export const updateMediaAssetBody = z.strictObject({
  file_name: fileName.optional(),
  tag_ids: tagIds.optional().describe('Replaces the asset’s tags'),
});
export type UpdateMediaAssetInput = z.output<typeof updateMediaAssetBody>;

export const assetTagsBody = z.strictObject({ tag_ids: tagIds.min(1) });

export const batchTagsBody = z
  .strictObject({
    asset_ids: z.array(uuid()).min(1).max(500),
    add_tag_ids: tagIds.optional(),
    remove_tag_ids: tagIds.optional(),
  })
  .refine((b) => (b.add_tag_ids?.length ?? 0) + (b.remove_tag_ids?.length ?? 0) > 0, {
    message: 'give add_tag_ids or remove_tag_ids',
    path: ['add_tag_ids'],
  });
export type BatchTagsInput = z.output<typeof batchTagsBody>;

/** The text fields of an upload form (multipart), beside its `file` part(s). */
export const uploadFields = z.strictObject({
  tag_ids: idList(100).optional(),
  uploaded_by: z.string().trim().min(1).max(200).optional(),
});
export const replaceFileFields = z.strictObject({ file_name: fileName.optional() });

const binary = z.string().openapi({ type: 'string', format: 'binary' });
export const uploadForm = z.object({
  file: binary.describe('The file (jpg, png, gif, webp, pdf, doc, docx, xlsx, csv, svg), at most 100 MB'),
  tag_ids: z.array(z.string()).optional().describe('Tag ids to assign (repeat the field, or comma-separate)'),
  uploaded_by: z.string().optional().describe('Admin tokens only: record someone else as the uploader'),
});
export const batchUploadForm = z.object({
  file: z.array(binary).describe('Several `file` parts, each at most 100 MB'),
  tag_ids: z.array(z.string()).optional().describe('Tag ids assigned to every uploaded file'),
  uploaded_by: z.string().optional().describe('Admin tokens only'),
});
export const replaceForm = z.object({
  file: binary.describe('The new file, at most 100 MB'),
  file_name: z.string().optional().describe('A new name for the asset; without it the asset keeps its name'),
});

const tagSummary = z.object({ id: z.uuid(), name: z.string(), color: z.string().nullable() });

export const mediaAssetResponse = z
  .object({
    id: z.uuid(),
    file_name: z.string(),
    file_type: z.string().describe('Canonical extension of what the bytes are: jpg, png, pdf...'),
    storage_location: z.string().nullable().describe('Storage driver and key; null for a metadata-only record'),
    content_type: z.string(),
    file_size_bytes: z.number().int().nullable(),
    sha256: z.string().nullable(),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    format: z.string().nullable().describe('Images only: png, jpg, webp, gif, svg'),
    uploaded_at: z.iso.datetime(),
    uploaded_by: z.string(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
    tag_ids: z.array(z.uuid()),
    tags: z.array(tagSummary),
    download_url: nullableLinkSchema,
  })
  .openapi('MediaAsset');
export type MediaAssetView = z.output<typeof mediaAssetResponse>;

export const mediaListResponse = z.object({
  items: z.array(mediaAssetResponse),
  total: z.number().int(),
  skip: z.number().int(),
  limit: z.number().int(),
});

export const batchUploadResponse = z.object({ items: z.array(mediaAssetResponse) });
export const batchTagsResponse = z.object({ items: z.array(mediaAssetResponse) });
export const tagAssetsResponse = z.object({
  tag_id: z.uuid(),
  items: z.array(z.uuid()).describe('Media asset ids'),
  total: z.number().int(),
  skip: z.number().int(),
  limit: z.number().int(),
});
export const tagCountResponse = z.object({
  tag_id: z.uuid(),
  count: z.number().int().describe('Media assets with the tag'),
  by_kind: z.record(z.string(), z.number().int()).describe('Records of each kind with the tag, e.g. media_assets, image_assets (within the key’s projects)'),
});
