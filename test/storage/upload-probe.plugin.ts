import { pipeline } from 'node:stream/promises';
import { ApiRouter, definePlugin, InputError, NotFoundError, z } from '../../src/index.ts';
import { parsedUploads, STORAGE, type ParsedUpload } from '../../plugins/storage/tokens.ts';
import type { Sequelize } from 'sequelize';
import { CORE } from '../../src/index.ts';

export const UPLOAD_LIMIT = 100_000;
export const PIXEL_LIMIT = 40_000_000;

const view = (upload: ParsedUpload) => ({
  id: upload.file.id,
  sha256: upload.file.sha256,
  size: upload.file.size,
  content_type: upload.file.contentType,
  ext: upload.file.ext,
  width: upload.file.width,
  height: upload.file.height,
  format: upload.file.format,
  ref_count: upload.file.refCount,
  created: upload.created,
  original_name: upload.originalName,
  client_content_type: upload.clientContentType,
});

/**
 * A test-only plugin that mounts upload routes the way a real plugin would: images with a pixel
 * cap, documents of several kinds, and a download route to read the stored bytes back.
 */
export const uploadProbePlugin = definePlugin({
  id: 'upload-probe',
  dependsOn: ['storage'],
  init({ http, container }) {
    const uploads = container.get(STORAGE.uploads);
    const files = container.get(STORAGE.files);
    const sequelize: Sequelize = container.get(CORE.database);
    const router = new ApiRouter();
    const kinds = {
      images: uploads.middleware({ maxBytes: UPLOAD_LIMIT, allowedExts: ['png', 'jpg', 'webp'], maxPixels: PIXEL_LIMIT, maxFiles: 3 }),
      documents: uploads.middleware({ maxBytes: UPLOAD_LIMIT, allowedExts: ['pdf', 'csv', 'svg', 'doc', 'docx', 'xlsx', 'png'], maxFiles: 1 }),
    };
    for (const [kind, middleware] of Object.entries(kinds)) {
      router.route(
        { method: 'post', path: `/api/test-uploads/${kind}`, summary: `Upload ${kind}`, tags: ['test'], multipart: z.object({ file: z.unknown() }), responses: { 201: { description: 'Stored', schema: z.looseObject({}) } }, before: [middleware] },
        async ({ req }) => {
          const body = req.body as Record<string, string>;
          if (body.reject === 'yes') {
            await uploads.discard(req);
            throw InputError.field('body.reject', 'refused on request');
          }
          if (body.keep === 'yes') {
            await sequelize.transaction(async (transaction) => {
              for (const upload of parsedUploads(req)) await files.acquire(upload.file.id, transaction);
            });
          }
          return { files: parsedUploads(req).map(view), note: body.note ?? null };
        },
      );
    }
    router.route(
      {
        method: 'get',
        path: '/api/test-uploads/:id',
        summary: 'Download',
        tags: ['test'],
        params: z.object({ id: z.string() }),
        responses: { 200: { description: 'The bytes', contentType: 'application/octet-stream' } },
      },
      async ({ params, res }) => {
        const file = await files.get(params.id);
        if (!file) throw new NotFoundError('File', params.id);
        res.type(file.contentType);
        await pipeline(await files.open(file), res);
      },
    );
    http.use(router);
  },
});
