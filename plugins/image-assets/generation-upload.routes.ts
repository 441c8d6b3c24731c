import type { RequestHandler } from 'express';
import { ApiRouter, type Principal } from '../../src/index.ts';
import { parsedUploads, type UploadParser } from '../storage/tokens.ts';
import { GENERATION_IMAGE_EXTS, type ImageAssetsConfig } from './generation-upload.config.ts';
import { generationUploadForm, generationUploadResponse } from './generation-upload.schemas.ts';
import type { GenerationUploadService } from './generation-upload.service.ts';
import { generationParams } from './generation.schemas.ts';

const EMBEDDED_DESCRIPTION =
  'Parameters embedded by the generating tool are read into the generation\'s `metadata.embedded` ' +
  '(replacing what an earlier image put there; other metadata keys are kept): ' +
  '`{ source: "automatic1111" | "comfyui" | "invokeai", prompt?, negative_prompt?, steps?, sampler?, scheduler?, cfg_scale?, seed?, width?, height?, model?, model_hash?, extra?, workflow_nodes?, workflow? }`, ' +
  'only the fields found. Sources: Automatic1111\'s `parameters` PNG text chunk or EXIF UserComment (JPEG, WebP), with the other ' +
  '`Key: value` pairs of its settings line in `extra`; ComfyUI\'s `prompt` chunk (settings of the first sampler node, the prompts wired to it, ' +
  'its checkpoint and latent size) and `workflow` chunk (`workflow_nodes`, and the workflow itself up to 256 KB); InvokeAI\'s `invokeai_metadata` ' +
  '(and the older `sd-metadata` and `Dream`). PNG text chunks are read wherever they stand, tEXt as Latin-1, zTXt inflated, iTXt as UTF-8; ' +
  'a chunk over 4 MiB (or inflating past it) is skipped. Unreadable or malformed parameters are ignored and never fail the upload.';

export function createGenerationUploadRoutes({
  uploads,
  service,
  config,
}: {
  uploads: UploadParser;
  service: GenerationUploadService;
  config: ImageAssetsConfig;
}): ApiRouter {
  // Refuse an unknown or out-of-scope generation before a single byte is stored.
  const visible: RequestHandler = async (req, _res, next) => {
    await service.assertVisible(req.principal as Principal, String(req.params.generation_id));
    next();
  };
  const ingest = uploads.middleware({
    maxBytes: config.uploadMaxBytes,
    allowedExts: GENERATION_IMAGE_EXTS,
    maxPixels: config.uploadMaxPixels,
    maxFiles: 1,
  });

  return new ApiRouter().route(
    {
      method: 'post',
      path: '/api/v1/generations/:generation_id/upload',
      summary: "Upload a generation's image",
      description:
        `Multipart form with one \`file\` part, streamed to storage. The type is read from the bytes: PNG, JPEG or WebP (others 415). ` +
        `At most ${config.uploadMaxBytes} bytes (more: 413) and ${config.uploadMaxPixels} pixels, checked from the header before decoding (more: 422); ` +
        'an image that does not decode completely (truncated, corrupt) is 422. Identical bytes are stored once. ' +
        'The image replaces any earlier one (which is released), and the generation\'s file_size, dimensions and format, and the asset\'s file_size, follow. ' +
        'The status does not change: set it with PUT /api/v1/generations/{generation_id}. ' +
        EMBEDDED_DESCRIPTION,
      tags: ['generations'],
      params: generationParams,
      multipart: generationUploadForm,
      before: [visible, ingest],
      responses: {
        201: { description: 'The stored image', schema: generationUploadResponse },
        400: { description: 'No `file` part, or a malformed multipart body' },
        404: { description: 'No such generation in the caller\'s projects' },
        413: { description: 'The file is too large' },
        415: { description: 'Not a PNG, JPEG or WebP image' },
        422: { description: 'Too many pixels, or an image that cannot be decoded' },
      },
    },
    async ({ params, principal, req }) => {
      const [upload] = parsedUploads(req);
      try {
        return await service.attach(principal, params.generation_id, upload!.file, config.uploadMaxPixels);
      } catch (err) {
        // Nothing a refused upload stored may stay behind (files that others use are kept).
        await uploads.discard(req);
        throw err;
      }
    },
  );
}
