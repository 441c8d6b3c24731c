import type { Fit, ImageQuery } from './image-params.ts';

/** No side of an enlarged image beyond this many times the original's longer side. */
export const ENLARGE_LIMIT = 4;
/** Requested qualities are rounded to multiples of this (the lowest step is the step itself). */
export const QUALITY_STEP = 10;

export interface BoundedRequest {
  width?: number;
  height?: number;
  fit?: Fit;
  enlarge: boolean;
  quality?: number;
}

/**
 * Folds requests that must look the same onto one set of parameters, so a client cannot make a new
 * stored variant out of every integer: sizes the original already fits are the original's size,
 * enlarging is capped, and quality goes in steps no eye tells apart. Requested sizes below the
 * original are kept exact, as the spec's width and height promise. The original's longer side is
 * the measure because its recorded width and height may be before EXIF rotation.
 */
export function boundedRequest(query: ImageQuery, original: { width: number | null; height: number | null }): BoundedRequest {
  const quality = query.quality === undefined ? undefined : Math.max(QUALITY_STEP, Math.round(query.quality / QUALITY_STEP) * QUALITY_STEP);
  let { width, height } = query;
  const enlarge = query.enlarge === 'true';
  if (!original.width || !original.height) {
    // Without the original's size there is nothing to cap an enlargement by.
    return { width, height, fit: query.fit, enlarge: false, quality };
  }
  const longer = Math.max(original.width, original.height);
  const inside = width === undefined || height === undefined || (query.fit ?? 'inside') === 'inside';
  if (enlarge) {
    const largest = Math.max(width ?? 0, height ?? 0);
    const cap = ENLARGE_LIMIT * longer;
    if (largest > cap) {
      // Scaled together, so a box keeps the shape asked for.
      const shrink = cap / largest;
      if (width !== undefined) width = Math.max(1, Math.round(width * shrink));
      if (height !== undefined) height = Math.max(1, Math.round(height * shrink));
    }
  } else if (inside && (width === undefined || width >= longer) && (height === undefined || height >= longer)) {
    // Nothing to shrink and no enlarging: the original's size, whatever the box.
    width = undefined;
    height = undefined;
  }
  return { width, height, fit: query.fit, enlarge, quality };
}
