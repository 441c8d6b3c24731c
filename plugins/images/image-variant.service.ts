import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { AppError, CORE, inject, injectable, NotFoundError, UnavailableError, type CoreConfig } from '../../src/index.ts';
import { STORAGE, type FileService, type StoredFile, type StoredVariant, type VariantStore } from '../storage/tokens.ts';
import type { VariantParams } from './image-params.ts';
import type { ImageLookups } from './image-lookups.ts';
import { transformImage, type TransformedImage } from './image-transformer.ts';
import { IMAGES } from './tokens.ts';
import { TransformSlots } from './transform-slots.ts';

/** A variant ready to send: the bytes when this request (or one it joined) just made it, else a stream from storage. */
export interface ObtainedVariant {
  variant: StoredVariant;
  bytes?: Buffer;
}

/** Strong, and the same on every instance: the original's hash and the canonical parameters. */
export function variantEtag(file: StoredFile, params: VariantParams): string {
  return `"${createHash('sha256').update(`${file.sha256}/${params.key}`).digest('base64url').slice(0, 32)}"`;
}

/**
 * Each distinct (original, parameters) is transformed once, stored beside its original and
 * recorded in file_variants. Concurrent requests for the same new variant share one transform
 * here; across instances the unique (file_id, params_key) index makes the loser reuse the winner.
 */
@injectable()
export class ImageVariantService {
  private readonly inFlight = new Map<string, Promise<ObtainedVariant>>();
  private transformsRun = 0;

  constructor(
    @inject(STORAGE.files) private readonly files: FileService,
    @inject(STORAGE.variants) private readonly variants: VariantStore,
    @inject(IMAGES.slots) private readonly slots: TransformSlots,
    @inject(CORE.config) private readonly config: CoreConfig,
    @inject(IMAGES.lookups) private readonly lookups: ImageLookups,
  ) {}

  async obtain(file: StoredFile, params: VariantParams, options: { waitMs?: number } = {}): Promise<ObtainedVariant> {
    const flightKey = `${file.id}/${params.key}`;
    const joined = this.inFlight.get(flightKey);
    if (joined) return joined;
    const existing = await this.lookups.variant(file.id, params.key);
    if (existing) return { variant: existing };
    // Looked up again: a transform may have started while the row was being read.
    let flight = this.inFlight.get(flightKey);
    if (!flight) {
      flight = this.make(file, params, options).finally(() => this.inFlight.delete(flightKey));
      this.inFlight.set(flightKey, flight);
    }
    return flight;
  }

  /**
   * Opens a stored variant. One whose object has gone missing is dropped and made again, unless its
   * original is gone too (cleanup ran, maybe in another process, after we cached the rows): 404.
   */
  async open(file: StoredFile, params: VariantParams, obtained: ObtainedVariant): Promise<{ variant: StoredVariant; body: Buffer | Readable }> {
    if (obtained.bytes) return { variant: obtained.variant, body: obtained.bytes };
    try {
      return { variant: obtained.variant, body: await this.variants.open(obtained.variant) };
    } catch (err) {
      if (!isNotFound(err)) throw err;
      this.lookups.forgetFile(file.id);
      if (!(await this.lookups.file(file.id))) throw new NotFoundError('Image', file.id);
      await this.variants.remove([obtained.variant.id]);
      const remade = await this.obtain(file, params);
      return { variant: remade.variant, body: remade.bytes ?? (await this.variants.open(remade.variant)) };
    }
  }

  /** Transforms run so far by this process (for the bench and the logs). */
  transformCount(): number {
    return this.transformsRun;
  }

  private async make(file: StoredFile, params: VariantParams, options: { waitMs?: number }): Promise<ObtainedVariant> {
    const { transformTimeoutSeconds, maxInputPixels } = this.config.images;
    const image = await new Promise<TransformedImage>((resolve, reject) => {
      this.slots
        .run(async () => {
          const original = await buffer(await this.files.open(file));
          this.transformsRun += 1;
          const transform = transformImage(original, params, { timeoutSeconds: transformTimeoutSeconds, maxInputPixels });
          // libvips stops most operations at sharp's timeout, but not an AVIF encode: the caller
          // gets its 503 at the deadline anyway, while the slot stays taken until the work really ends.
          const deadline = setTimeout(() => reject(new UnavailableError('Resizing this image took too long; try again later.', 5)), transformTimeoutSeconds * 1000);
          try {
            resolve(await transform);
          } finally {
            clearTimeout(deadline);
          }
        }, options)
        .catch(reject);
    });
    const variant = await this.variants.save(file, params.key, image);
    this.lookups.rememberVariant(variant);
    return { variant, bytes: image.bytes };
  }
}

export function isNotFound(err: unknown): boolean {
  return err instanceof AppError && err.kind === 'not-found';
}
