import { z } from '../../src/index.ts';

export const OUTPUT_FORMATS = ['png', 'jpg', 'webp', 'avif'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
export const FITS = ['inside', 'cover', 'contain'] as const;
export type Fit = (typeof FITS)[number];
export const MAX_DIMENSION = 4096;

/** Each format's default quality (sharp's), so `quality=80` and no quality make one webp variant. */
const DEFAULT_QUALITY: Record<OutputFormat, number | null> = { png: null, jpg: 80, webp: 80, avif: 50 };

export const CONTENT_TYPES: Record<OutputFormat, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  webp: 'image/webp',
  avif: 'image/avif',
};

const integerParam = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `must be an integer from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().int().min(min, `must be an integer from ${min} to ${max}`).max(max, `must be an integer from ${min} to ${max}`));

export const imageQuery = z.object({
  width: integerParam(1, MAX_DIMENSION).optional().describe(`Largest output width in pixels (1-${MAX_DIMENSION})`),
  height: integerParam(1, MAX_DIMENSION).optional().describe(`Largest output height in pixels (1-${MAX_DIMENSION})`),
  quality: integerParam(1, 100).optional().describe('Quality for jpg, webp and avif (1-100, rounded to a multiple of 10, at least 10); png is lossless and ignores it'),
  format: z.enum(OUTPUT_FORMATS).optional().describe('Output format; without it the Accept header chooses avif, then webp, then the original’s format'),
  fit: z
    .enum(FITS)
    .optional()
    .describe('With width and height: `inside` (default) keeps the whole image within the box, `cover` crops to fill it, `contain` letterboxes'),
  enlarge: z
    .enum(['true', 'false'])
    .optional()
    .describe('`true` allows output larger than the original (never by default), up to 4 times its longer side; a larger box is scaled down to that, keeping its shape'),
});
export type ImageQuery = z.output<typeof imageQuery>;

/** One variant's parameters, after defaults; `key` names it in file_variants and in storage. */
export interface VariantParams {
  width: number | null;
  height: number | null;
  fit: Fit;
  enlarge: boolean;
  format: OutputFormat;
  quality: number | null;
  key: string;
}

/** Whether the query asks for a transform at all; without one the original bytes are served. */
export function wantsTransform(query: ImageQuery): boolean {
  return query.width !== undefined || query.height !== undefined || query.quality !== undefined || query.format !== undefined;
}

export function variantParams(input: {
  width?: number | null;
  height?: number | null;
  fit?: Fit;
  enlarge?: boolean;
  format: OutputFormat;
  quality?: number | null;
}): VariantParams {
  const width = input.width ?? null;
  const height = input.height ?? null;
  // A fit only matters with a box: with one side given every fit is `inside`.
  const fit = width !== null && height !== null ? (input.fit ?? 'inside') : 'inside';
  const enlarge = Boolean(input.enlarge) && (width !== null || height !== null);
  const quality = DEFAULT_QUALITY[input.format] === null ? null : (input.quality ?? DEFAULT_QUALITY[input.format]);
  const key = `w${width ?? 0}-h${height ?? 0}-q${quality ?? 0}-${fit}-${enlarge ? 'e' : 'n'}-${input.format}`;
  return { width, height, fit, enlarge, format: input.format, quality, key };
}

function accepts(accept: string | undefined, type: string): boolean {
  if (!accept) return false;
  return accept.split(',').some((entry) => {
    const [range, ...params] = entry.split(';').map((p) => p.trim().toLowerCase());
    if (range !== type) return false;
    const q = params.find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

/** The format a client gets without asking for one: avif, then webp, then the original's (png for others). */
export function negotiateFormat(accept: string | undefined, originalFormat: string | null): OutputFormat {
  if (accepts(accept, 'image/avif')) return 'avif';
  if (accepts(accept, 'image/webp')) return 'webp';
  return (OUTPUT_FORMATS as readonly string[]).includes(originalFormat ?? '') ? (originalFormat as OutputFormat) : 'png';
}
