import { z } from '../../src/index.ts';
import { imageQuery } from './image-params.ts';

export { imageQuery };

export const imageIdParams = z.object({ image_id: z.string().describe('The image’s file id (a UUID), as in a generation’s image_url') });
export const assetIdParams = z.object({ asset_id: z.string().describe('Asset id (a UUID)') });

export const thumbnailQuery = z.object({
  size: z.enum(['small', 'medium', 'large']).default('medium').describe('small: 128 px, medium: 256 px, large: 512 px on the long side'),
});

const signedNote =
  'Access: `Authorization: Bearer <token>` with rights on the image’s project, or a signed URL as the API returns it ' +
  '(`expires`, `kid` and `sig` query parameters; a bad or expired signature is a 403). ';

export const imageRouteDescription =
  signedNote +
  'Without width, height, quality or format the original bytes are served, with Range support (206/416). Otherwise a variant is made ' +
  'once, stored and reused: the aspect ratio is kept, the image is never enlarged unless `enlarge=true`, and without `format` the ' +
  'Accept header chooses avif, then webp, then the original’s format (with `Vary: Accept`). ETag from the original’s SHA-256 and ' +
  'the parameters; 304 on If-None-Match. Under load a request waits briefly for a transform slot (shared in turn between tokens, ' +
  'at most IMAGE_TRANSFORMS_PER_CLIENT each), then gets 503 with Retry-After. An image stores at most IMAGE_VARIANTS_PER_IMAGE ' +
  'variants; past that a variant is made for the request and not kept. Rate limited per token, or per client address for signed URLs.';

export const thumbnailRouteDescription =
  signedNote +
  'Made from the favourite generation’s image, else the earliest generation that has one; 404 when none has. Served as a variant: ' +
  'avif or webp by Accept (else the original’s format), with `Vary: Accept`.';

export const imageResponses = {
  200: { description: 'The image', contentType: 'image/*' },
  304: { description: 'Not modified (If-None-Match)' },
  400: { description: 'A parameter out of range or unknown (named in `errors`)' },
  403: { description: 'The URL’s signature is not valid, or it has expired' },
  422: { description: 'The stored original cannot be decoded' },
  429: { description: 'Too many image requests from this token (or, by signed URL, this address) this minute; see Retry-After' },
  503: { description: 'Every transform slot stayed busy; see Retry-After' },
};
