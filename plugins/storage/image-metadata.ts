import type { Readable } from 'node:stream';
import sharp, { type Metadata } from 'sharp';
import { UnprocessableError } from '../../src/index.ts';
import { svgDimensions } from './svg-dimensions.ts';

/** Formats whose dimensions we record. */
export const IMAGE_EXTS = new Set(['png', 'jpg', 'webp', 'gif', 'avif', 'heic', 'tif', 'bmp', 'svg']);

/** sharp's own default input limit (16383 x 16383): the cap when a caller sets none. */
export const DEFAULT_MAX_PIXELS = 0x3fff * 0x3fff;

// sharp would refuse large images even for metadata; the limit is enforced below, from the header.
const HEADER_ONLY = { limitInputPixels: false as const };

export interface ImageMetadata {
  width: number | null;
  height: number | null;
  format: string;
}

/**
 * Reads dimensions from the image header only (sharp's metadata does not decode pixels), first
 * from the already-received head and, if the header lies further in, from the stored bytes.
 * Refuses images over the pixel limit, so a decompression bomb is never decoded.
 */
export async function readImageMetadata(
  ext: string,
  head: Buffer,
  headIsComplete: boolean,
  openFull: () => Promise<Readable>,
  maxPixels: number = DEFAULT_MAX_PIXELS,
): Promise<ImageMetadata> {
  if (ext === 'svg') {
    const { width, height } = svgDimensions(head.toString('utf8'));
    assertWithinPixels(width, height, 1, maxPixels);
    return { width, height, format: ext };
  }
  let metadata: Metadata;
  try {
    metadata = await sharp(head, HEADER_ONLY).metadata();
  } catch (headError) {
    if (headIsComplete) return unreadable(ext, headError);
    try {
      const reader = sharp(HEADER_ONLY);
      (await openFull()).pipe(reader);
      metadata = await reader.metadata();
    } catch (fullError) {
      return unreadable(ext, fullError);
    }
  }
  const width = metadata.width ?? null;
  const height = metadata.pageHeight ?? metadata.height ?? null;
  assertWithinPixels(width, height, metadata.pages ?? 1, maxPixels);
  return { width, height, format: ext };
}

function assertWithinPixels(width: number | null, height: number | null, frames: number, maxPixels: number): void {
  if (width !== null && height !== null && width * height * frames > maxPixels) {
    throw new UnprocessableError(`The image is ${width}x${height} pixels${frames > 1 ? ` in ${frames} frames` : ''}; the limit is ${maxPixels} pixels.`, {
      width,
      height,
      max_pixels: maxPixels,
    });
  }
}

function unreadable(ext: string, cause: unknown): ImageMetadata {
  throw new UnprocessableError(`The ${ext} image cannot be read: ${(cause as Error).message.split('\n')[0]}`);
}
