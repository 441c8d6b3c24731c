import type { RequestHandler } from 'express';
import { ApiRouter, InputError, parseInput, z } from '../../src/index.ts';
import { parsedUploads, type UploadParser } from '../storage/tokens.ts';
import { MEDIA_ALLOWED_EXTS, MEDIA_MAX_BYTES } from './file-types.ts';
import { sendMediaFile } from './media-download.ts';
import type { MediaAssetService } from './media-asset.service.ts';
import {
  assetIdParams,
  assetTagsBody,
  batchTagsBody,
  batchTagsResponse,
  batchUploadForm,
  batchUploadResponse,
  createMediaAssetBody,
  mediaAssetResponse,
  mediaListQuery,
  mediaListResponse,
  replaceFileFields,
  replaceForm,
  updateMediaAssetBody,
  uploadFields,
  uploadForm,
} from './media-asset.schemas.ts';

const GROUP = ['media-assets'];
const MAX_BATCH_FILES = 20;
const UPLOAD_LIMITS = `At most ${MEDIA_MAX_BYTES} bytes (100 MB) per file: exactly 100 MB is accepted, more is a 413. ` +
  `The type is read from the bytes (not the name or the client's Content-Type); allowed: ${MEDIA_ALLOWED_EXTS.join(', ')}; others get 415.`;

const notFound = { 404: { description: 'No such media asset (or not a UUID)' } };
const uploadErrors = {
  403: { description: 'uploaded_by set by a token that is not an admin token' },
  413: { description: 'A file is larger than 100 MB' },
  415: { description: 'A file type that is not allowed' },
};

export function createMediaAssetRoutes({ media, uploads }: { media: MediaAssetService; uploads: UploadParser }): ApiRouter {
  const ingest = (maxFiles: number): RequestHandler => uploads.middleware({ maxBytes: MEDIA_MAX_BYTES, allowedExts: MEDIA_ALLOWED_EXTS, maxFiles });
  const single = ingest(1);

  return new ApiRouter({ grant: 'media-library', groups: { 'media-assets': 'The media library: files of any allowed type up to 100 MB, with tags, filters, search and streamed downloads. Shared by every project.' } })
    .route(
      {
        method: 'get',
        path: '/api/media-assets',
        summary: 'List media assets',
        description:
          'Filters combine with AND. Several `tag_ids` match assets carrying all of them (`tag_match=any`: at least one). ' +
          '`file_name` and `search` are case-insensitive database LIKE queries: `file_name` over the file name, `search` over the file name and tag names. ' +
          '`sort_by` takes only the listed fields.',
        tags: GROUP,
        query: mediaListQuery,
        responses: { 200: { description: 'A page of media assets', schema: mediaListResponse } },
      },
      ({ query }) => media.list(query),
    )
    .route(
      {
        method: 'post',
        path: '/api/media-assets',
        summary: 'Create a media asset record (metadata only)',
        description: 'A record without stored bytes; add them later with POST /api/media-assets/{asset_id}/upload. Only an admin token may set `uploaded_by` to someone else.',
        tags: GROUP,
        body: createMediaAssetBody,
        responses: { 201: { description: 'The created media asset', schema: mediaAssetResponse }, 403: uploadErrors[403] },
      },
      ({ body, principal }) => media.createMetadata(body, principal),
    )
    .route(
      {
        method: 'post',
        path: '/api/media-assets/upload',
        summary: 'Upload a media asset',
        description: `Multipart form: one \`file\` part, optional \`tag_ids\` (unknown ids: 400, and nothing is kept). ${UPLOAD_LIMITS} Streamed to storage, never held in memory.`,
        tags: GROUP,
        multipart: uploadForm,
        before: [single],
        responses: { 201: { description: 'The created media asset', schema: mediaAssetResponse }, ...uploadErrors },
      },
      async ({ req, principal }) => {
        const [view] = await media.createFromUploads(parsedUploads(req), () => parseInput(uploadFields, req.body ?? {}, 'body'), principal);
        return view;
      },
    )
    .route(
      {
        method: 'post',
        path: '/api/media-assets/batch-upload',
        summary: 'Upload several media assets at once',
        description: `Multipart form: up to ${MAX_BATCH_FILES} \`file\` parts; \`tag_ids\` apply to every file. All or nothing: any refused part refuses the request. ${UPLOAD_LIMITS}`,
        tags: GROUP,
        multipart: batchUploadForm,
        before: [ingest(MAX_BATCH_FILES)],
        responses: { 201: { description: 'The created media assets, in upload order', schema: batchUploadResponse }, ...uploadErrors },
      },
      async ({ req, principal }) => ({
        items: await media.createFromUploads(parsedUploads(req), () => parseInput(uploadFields, req.body ?? {}, 'body'), principal),
      }),
    )
    .route(
      {
        method: 'post',
        path: '/api/media-assets/batch-tags',
        summary: 'Add and remove tags on many media assets at once',
        description: 'One transaction: unknown asset or tag ids refuse the whole request (400).',
        tags: GROUP,
        body: batchTagsBody,
        responses: { 200: { description: 'The updated media assets', schema: batchTagsResponse } },
      },
      async ({ body }) => ({ items: await media.batchTags(body) }),
    )
    .route(
      {
        method: 'get',
        path: '/api/media-assets/:asset_id',
        summary: 'Get a media asset',
        tags: GROUP,
        params: assetIdParams,
        responses: { 200: { description: 'The media asset', schema: mediaAssetResponse }, ...notFound },
      },
      ({ params }) => media.get(params.asset_id),
    )
    .route(
      {
        method: 'get',
        path: '/api/media-assets/:asset_id/download',
        summary: 'Download a media asset’s file',
        description:
          'Streams the bytes with ETag (the SHA-256), Last-Modified, Range (206/416) and If-None-Match/If-Modified-Since (304). ' +
          'Raster images and PDF are inline unless `disposition=attachment`; everything else, and always SVG, HTML and XML, is an attachment with a sandboxing Content-Security-Policy.',
        tags: GROUP,
        params: assetIdParams,
        query: z.object({ disposition: z.enum(['inline', 'attachment']).default('inline') }),
        responses: {
          200: { description: 'The file, with its detected type as Content-Type', contentType: '*/*' },
          206: { description: 'The requested byte range', contentType: '*/*' },
          304: { description: 'Not modified' },
          404: { description: 'No such media asset, or it has no file' },
          416: { description: 'The range is outside the file' },
        },
      },
      async ({ params, query, req, res }) => {
        const found = await media.fileOf(params.asset_id);
        await sendMediaFile({ req, res, disposition: query.disposition }, media, found);
      },
    )
    .route(
      {
        method: 'put',
        path: '/api/media-assets/:asset_id',
        summary: 'Update a media asset',
        description: '`tag_ids`, when given, replaces the asset’s tags.',
        tags: GROUP,
        params: assetIdParams,
        body: updateMediaAssetBody,
        responses: { 200: { description: 'The updated media asset', schema: mediaAssetResponse }, ...notFound },
      },
      ({ params, body }) => media.update(params.asset_id, body),
    )
    .route(
      {
        method: 'post',
        path: '/api/media-assets/:asset_id/upload',
        summary: 'Replace a media asset’s file',
        description: `Multipart form with one \`file\` part; the asset keeps its name unless a \`file_name\` field gives a new one. ${UPLOAD_LIMITS}`,
        tags: GROUP,
        params: assetIdParams,
        multipart: replaceForm,
        before: [single],
        responses: { 200: { description: 'The updated media asset', schema: mediaAssetResponse }, ...notFound, ...uploadErrors },
      },
      async ({ params, req }) => {
        const [upload] = parsedUploads(req);
        if (!upload) throw InputError.field('body.file', 'a file part is required');
        return media.replaceFile(params.asset_id, upload, () => parseInput(replaceFileFields, req.body ?? {}, 'body'));
      },
    )
    .route(
      {
        method: 'delete',
        path: '/api/media-assets/:asset_id',
        summary: 'Delete a media asset',
        tags: GROUP,
        params: assetIdParams,
        responses: { 204: { description: 'Deleted' }, ...notFound },
      },
      async ({ params }) => {
        await media.remove(params.asset_id);
      },
    )
    .route(
      {
        method: 'post',
        path: '/api/media-assets/:asset_id/tags',
        summary: 'Add tags to a media asset',
        tags: GROUP,
        params: assetIdParams,
        body: assetTagsBody,
        responses: { 200: { description: 'The updated media asset', schema: mediaAssetResponse }, ...notFound },
      },
      ({ params, body }) => media.addTags(params.asset_id, body.tag_ids),
    )
    .route(
      {
        method: 'delete',
        path: '/api/media-assets/:asset_id/tags',
        summary: 'Remove tags from a media asset',
        tags: GROUP,
        params: assetIdParams,
        body: assetTagsBody,
        responses: { 200: { description: 'The updated media asset', schema: mediaAssetResponse }, ...notFound },
      },
      ({ params, body }) => media.removeTags(params.asset_id, body.tag_ids),
    );
}
