import { z } from '../../src/index.ts';

/** The image-assets plugin's configuration (config/plugins.json, key `image-assets`). */
export const imageAssetsConfigSchema = z.object({
  /** Largest generation image accepted, in bytes: exactly this is accepted, one more is a 413. */
  uploadMaxBytes: z.number().int().min(1),
  /** Largest image accepted, in pixels (width x height), read from the header before anything is decoded. */
  uploadMaxPixels: z.number().int().min(1),
});
export type ImageAssetsConfig = z.output<typeof imageAssetsConfigSchema>;

export const imageAssetsConfigDefaults: ImageAssetsConfig = {
  uploadMaxBytes: 50 * 1024 * 1024,
  uploadMaxPixels: 100_000_000,
};

export const GENERATION_IMAGE_EXTS = ['png', 'jpg', 'webp'];
