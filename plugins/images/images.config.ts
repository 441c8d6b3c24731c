import { z, type ServiceIdentifier } from '../../src/index.ts';

/** The images plugin's configuration (config/plugins.json, key `images`); the main limits are environment variables. */
export const imagesConfigSchema = z.object({
  /** A variant's last use is written at most this often: serving a cached one should not mean a write. */
  variantTouchSeconds: z.number().int().min(0),
});
export type ImagesConfig = z.output<typeof imagesConfigSchema>;

export const imagesConfigDefaults: ImagesConfig = {
  variantTouchSeconds: 60,
};

/** Internal: the resolved configuration, bound in `init`. */
export const IMAGES_CONFIG = Symbol.for('images.config') as ServiceIdentifier<ImagesConfig>;
