import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import type { Logger } from 'pino';
import { AppError, CORE, inject, injectable, NotFoundError, UnavailableError, type CoreConfig } from '../../src/index.ts';
import { STORAGE, type FileService, type StoredFile, type StoredVariant, type VariantStore } from '../storage/tokens.ts';
import type { VariantParams } from './image-params.ts';
import { SMALL_VARIANT_BYTES, type ImageLookups } from './image-lookups.ts';
import { transformImage, type TransformedImage } from './image-transformer.ts';
import { OriginalReader } from './original-reader.ts';
import { PerImageLimit } from './per-image-limit.ts';
import { IMAGES } from './tokens.ts';
import { TransformSlots } from './transform-slots.ts';
import type { VariantBudget } from './variant-budget.ts';
import type { VariantUsage } from './variant-usage.ts';

/**
 * A variant ready to send: the bytes when this request (or one it joined) just made it, else a
 * stream from storage. `stored` is null for one made past its image's limit and not kept.
 */
export interface ObtainedVariant {
  stored: StoredVariant | null;
  contentType: string;
  size: number;
  bytes?: Buffer;
}

export interface ObtainOptions {
  /** How long to wait for a transform slot; Infinity for background work. */
  waitMs?: number;
  /** Whose share of the transform slots this is (image-client.ts); background work when absent. */
  client?: string;
  /** Free-form sizes count against IMAGE_VARIANTS_PER_IMAGE; the fixed thumbnail sizes do not. */
  perImageLimit?: boolean;
}

const fromStore = (variant: StoredVariant): ObtainedVariant => ({ stored: variant, contentType: variant.contentType, size: variant.size });

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
  private readonly originals: OriginalReader;
  private readonly perImage: PerImageLimit;

  constructor(
    @inject(STORAGE.files) private readonly files: FileService,
    @inject(STORAGE.variants) private readonly variants: VariantStore,
    @inject(IMAGES.slots) private readonly slots: TransformSlots,
    @inject(CORE.config) private readonly config: CoreConfig,
    @inject(IMAGES.lookups) private readonly lookups: ImageLookups,
    @inject(IMAGES.usage) private readonly usage: VariantUsage,
    @inject(IMAGES.budget) private readonly budget: VariantBudget,
    @inject(CORE.logger) private readonly logger: Logger,
  ) {
    // One kept buffer per slot: at most that many transforms read an original at once.
    this.originals = new OriginalReader(slots.limit);
    this.perImage = new PerImageLimit(config.images.variantsPerImage, (fileId) => usage.countFor(fileId));
  }

  async obtain(file: StoredFile, params: VariantParams, options: ObtainOptions = {}): Promise<ObtainedVariant> {
    const flightKey = `${file.id}/${params.key}`;
    const joined = this.inFlight.get(flightKey);
    if (joined) return joined;
    const existing = await this.lookups.variant(file.id, params.key);
    if (existing) {
      this.usage.used(existing.id);
      return fromStore(existing);
    }
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
  async open(
    file: StoredFile,
    params: VariantParams,
    obtained: ObtainedVariant,
    options: ObtainOptions = {},
  ): Promise<{ variant: { contentType: string; size: number }; body: Buffer | Readable }> {
    if (obtained.bytes || !obtained.stored) return { variant: obtained, body: obtained.bytes! };
    try {
      return { variant: obtained, body: await this.body(obtained.stored) };
    } catch (err) {
      // Also how a variant the storage budget removed after we looked it up is made again.
      if (!isNotFound(err)) throw err;
      this.lookups.forgetFile(file.id);
      if (!(await this.lookups.file(file.id))) throw new NotFoundError('Image', file.id);
      await this.variants.remove([obtained.stored.id]);
      const remade = await this.obtain(file, params, options);
      if (remade.bytes || !remade.stored) return { variant: remade, body: remade.bytes! };
      return { variant: remade, body: await this.variants.open(remade.stored) };
    }
  }

  private async body(stored: StoredVariant): Promise<Buffer | Readable> {
    if (stored.size > SMALL_VARIANT_BYTES) return this.variants.open(stored);
    const known = this.lookups.smallVariantBody(stored);
    if (known) return known;
    const bytes = await buffer(await this.variants.open(stored));
    this.lookups.rememberSmallVariantBody(stored, bytes);
    return bytes;
  }

  /** Transforms run so far by this process (for the bench and the logs). */
  transformCount(): number {
    return this.transformsRun;
  }

  private async make(file: StoredFile, params: VariantParams, options: ObtainOptions): Promise<ObtainedVariant> {
    const { transformTimeoutSeconds, maxInputPixels } = this.config.images;
    const image = await new Promise<TransformedImage>((resolve, reject) => {
      this.slots
        .run(async () => {
          // The size is known: a bounded read ends without a second read to find the end of the file.
          const stream = await this.files.open(file, file.size > 0 ? { start: 0, end: file.size - 1 } : undefined);
          const original = await this.originals.read(stream, file.size);
          this.transformsRun += 1;
          const transform = transformImage(original.bytes, params, { timeoutSeconds: transformTimeoutSeconds, maxInputPixels });
          // The buffer may be reused only once sharp is done with it, however the transform ends.
          void transform.then(original.release, original.release);
          // libvips stops most operations at sharp's timeout, but not an AVIF encode: the caller
          // gets its 503 at the deadline anyway, while the slot stays taken until the work really ends.
          const deadline = setTimeout(() => reject(new UnavailableError('Resizing this image took too long; try again later.', 5)), transformTimeoutSeconds * 1000);
          try {
            resolve(await transform);
          } finally {
            clearTimeout(deadline);
          }
        }, { waitMs: options.waitMs, client: options.client })
        .catch(reject);
    });
    const made = { contentType: image.contentType, size: image.bytes.length, bytes: image.bytes };
    const release = options.perImageLimit ? await this.perImage.reserve(file.id) : () => undefined;
    if (!release) return { stored: null, ...made };
    let variant: StoredVariant;
    try {
      variant = await this.variants.save(file, params.key, image);
    } finally {
      release();
    }
    this.lookups.rememberVariant(variant);
    // The response has its bytes either way: failing bookkeeping is logged, not answered.
    await this.usage.made(variant.id).catch((err: unknown) => this.logger.warn({ err, variantId: variant.id }, 'could not record a new variant’s use'));
    await this.budget.enforce(variant.id).catch((err: unknown) => this.logger.warn({ err }, 'could not bring image variants within their budget'));
    return { stored: variant, ...made };
  }
}

export function isNotFound(err: unknown): boolean {
  return err instanceof AppError && err.kind === 'not-found';
}
