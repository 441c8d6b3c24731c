import type { Request, RequestHandler, Response } from 'express';
import { ApiRouter, NotFoundError, optionalBearer } from '../../src/index.ts';
import type { FileService, StoredFile } from '../storage/tokens.ts';
import type { ImageAccess } from './image-access.ts';
import { imageClient } from './image-client.ts';
import type { ImageLookups } from './image-lookups.ts';
import { negotiateFormat, variantParams, wantsTransform, type VariantParams } from './image-params.ts';
import { answeredNotModified, cacheControl, sendOriginal, sendVariant } from './image-response.ts';
import { isNotFound, variantEtag, type ImageVariantService, type ObtainOptions } from './image-variant.service.ts';
import {
  assetIdParams,
  imageIdParams,
  imageQuery,
  imageResponses,
  imageRouteDescription,
  thumbnailQuery,
  thumbnailRouteDescription,
} from './image.schemas.ts';
import { boundedRequest } from './param-bounds.ts';
import { thumbnailParams, type ThumbnailService } from './thumbnail.service.ts';

const GROUP = ['images'];

export interface ImageRouteDeps {
  access: ImageAccess;
  variants: ImageVariantService;
  thumbnails: ThumbnailService;
  files: FileService;
  lookups: ImageLookups;
  apiKeys: Parameters<typeof optionalBearer>[0];
  /** Requests per client and minute (image-rate-limit.ts); null when off. */
  rateLimit: RequestHandler | null;
}

async function serveVariant(
  req: Request,
  res: Response,
  variants: ImageVariantService,
  file: StoredFile,
  params: VariantParams,
  headers: { cache: string; vary: boolean },
  options: { perImageLimit: boolean },
): Promise<void> {
  const withEtag = { ...headers, etag: variantEtag(file, params) };
  if (answeredNotModified(req, res, withEtag)) return;
  const obtain: ObtainOptions = { client: imageClient(req), perImageLimit: options.perImageLimit };
  const { variant, body } = await variants.open(file, params, await variants.obtain(file, params, obtain), obtain);
  await sendVariant(req, res, variant, body, withEtag);
}

/** Public routes (no bearer needed): each checks a signed URL or a bearer token itself. */
export function createImageRoutes({ access, variants, thumbnails, files, lookups, apiKeys, rateLimit }: ImageRouteDeps): ApiRouter {
  // The limit counts per token, so it runs once the token is known.
  const before = [optionalBearer(apiKeys), ...(rateLimit ? [rateLimit] : [])];
  // The files row may have been cached before cleanup (here or in another process) removed it.
  const openOriginal = (file: StoredFile) => async (range?: { start: number; end: number }) => {
    try {
      // The size is known: a bounded read ends without a second read to find the end of the file.
      return await files.open(file, range ?? (file.size > 0 ? { start: 0, end: file.size - 1 } : undefined));
    } catch (err) {
      if (!isNotFound(err)) throw err;
      lookups.forgetFile(file.id);
      throw new NotFoundError('Image', file.id);
    }
  };
  return new ApiRouter({ groups: { images: 'Generated images served as stored or resized on request, and asset thumbnails; by bearer token or signed URL.' } })
    .route(
      {
        method: 'get',
        path: '/api/v1/files/images/:image_id',
        summary: 'Serve an image, optionally resized or re-encoded',
        description: imageRouteDescription,
        tags: GROUP,
        public: true,
        before,
        params: imageIdParams,
        query: imageQuery,
        responses: {
          ...imageResponses,
          206: { description: 'A byte range of the original', contentType: 'image/*' },
          404: { description: 'No such image, or none in the token’s projects' },
          416: { description: 'The range is outside the original' },
        },
      },
      async ({ params, query, req, res }) => {
        const { file, grant } = await access.file(req, params.image_id);
        if (!wantsTransform(query)) {
          await sendOriginal(req, res, file, cacheControl(grant), openOriginal(file));
          return;
        }
        const format = query.format ?? negotiateFormat(req.get('accept'), file.format);
        const variant = variantParams({ ...boundedRequest(query, file), format });
        await serveVariant(req, res, variants, file, variant, { cache: cacheControl(grant), vary: query.format === undefined }, { perImageLimit: true });
      },
    )
    .route(
      {
        method: 'get',
        path: '/api/v1/assets/:asset_id/thumbnail',
        summary: 'An asset’s thumbnail',
        description: thumbnailRouteDescription,
        tags: GROUP,
        public: true,
        before,
        params: assetIdParams,
        query: thumbnailQuery,
        responses: { ...imageResponses, 404: { description: 'No such asset, or none of its generations has an image' } },
      },
      async ({ params, query, req, res }) => {
        const { file, grant } = await access.thumbnailFile(req, params.asset_id, (asset) => thumbnails.sourceFile(asset));
        const variant = thumbnailParams(query.size, negotiateFormat(req.get('accept'), file.format));
        // A signed thumbnail URL carries the asset's version, so it may be immutable; by token the favourite can change under it.
        await serveVariant(req, res, variants, file, variant, { cache: cacheControl(grant, !grant.signed), vary: true }, { perImageLimit: false });
      },
    );
}
