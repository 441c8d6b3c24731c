import { ExpiringLru, inject, injectable } from '../../src/index.ts';
import { STORAGE, type FileService, type StoredFile, type StoredVariant, type VariantStore } from '../storage/tokens.ts';

/** Entries per kind; a files row and a variant row are each well under 1 KB. */
const MAX_ENTRIES = 10_000;
/**
 * How long a fact may be reused without asking the database. Changes made in this process evict at
 * once, and a stored object found missing evicts too; the TTL bounds what another process changed
 * behind our back (its cleanup, or its thumbnail regeneration re-encoding a variant).
 */
const TTL_MS = 30_000;
/**
 * A bearer token's right to an image follows from the generations using it, which can be deleted
 * elsewhere (this plugin sees no event), so a granted check is reused only briefly. The token
 * itself is authenticated on every request, so revoking it, or narrowing its projects, applies at once.
 */
const ACCESS_TTL_MS = 5_000;
/**
 * Variants up to this size (thumbnails) keep their bytes too: opening, reading and closing a file
 * for each request was most of a cached thumbnail's cost. At most 2,000 of them: 32 MiB.
 */
export const SMALL_VARIANT_BYTES = 16 * 1024;
const MAX_SMALL_BODIES = 2_000;

/**
 * The facts serving a stored image needs, kept in memory: files rows and variant rows never change
 * once written (only ref_count does, which serving does not read), and a signed thumbnail URL
 * names the asset's version, so which file it shows is fixed too. Only granted access checks are
 * kept, for ACCESS_TTL_MS, keyed by the token's current project list; refusals are always asked.
 */
@injectable()
export class ImageLookups {
  private readonly files = new ExpiringLru<StoredFile>(MAX_ENTRIES, TTL_MS);
  private readonly variants = new ExpiringLru<StoredVariant>(MAX_ENTRIES, TTL_MS);
  private readonly thumbnailFiles = new ExpiringLru<string>(MAX_ENTRIES, TTL_MS);
  private readonly granted = new ExpiringLru<true>(MAX_ENTRIES, ACCESS_TTL_MS);
  private readonly smallBodies = new ExpiringLru<Buffer>(MAX_SMALL_BODIES, TTL_MS);

  constructor(
    @inject(STORAGE.files) private readonly fileService: FileService,
    @inject(STORAGE.variants) private readonly variantStore: VariantStore,
  ) {}

  async file(fileId: string): Promise<StoredFile | null> {
    const cached = this.files.get(fileId);
    if (cached) return cached;
    const file = await this.fileService.get(fileId);
    if (file) this.files.set(fileId, file);
    return file;
  }

  async variant(fileId: string, paramsKey: string): Promise<StoredVariant | null> {
    const cached = this.variants.get(`${fileId}/${paramsKey}`);
    if (cached) return cached;
    const variant = await this.variantStore.find(fileId, paramsKey);
    if (variant) this.rememberVariant(variant);
    return variant;
  }

  rememberVariant(variant: StoredVariant): void {
    this.variants.set(`${variant.fileId}/${variant.paramsKey}`, variant);
  }

  forgetVariant(fileId: string, paramsKey: string): void {
    this.variants.delete(`${fileId}/${paramsKey}`);
    this.smallBodies.deleteWhere((key) => key.startsWith(`${fileId}/${paramsKey}#`));
  }

  forgetVariants(fileId: string): void {
    this.variants.deleteWhere((_key, variant) => variant.fileId === fileId);
    this.smallBodies.deleteWhere((key) => key.startsWith(`${fileId}/`));
  }

  /** A small variant's bytes, when this stored variant (this very row) was read before. */
  smallVariantBody(variant: StoredVariant): Buffer | undefined {
    return this.smallBodies.get(bodyKey(variant));
  }

  rememberSmallVariantBody(variant: StoredVariant, body: Buffer): void {
    if (body.length <= SMALL_VARIANT_BYTES) this.smallBodies.set(bodyKey(variant), body);
  }

  /** After a stored object turned out missing: nothing about this file is trusted any more. */
  forgetFile(fileId: string): void {
    this.files.delete(fileId);
    this.forgetVariants(fileId);
    this.thumbnailFiles.deleteWhere((_key, id) => id === fileId);
    this.granted.deleteWhere((key) => key.startsWith(`${fileId}:`));
  }

  /** Whether a generation in one of these projects (null: any) uses the file; `check` asks the database. */
  async usedInProjects(fileId: string, projectIds: string[] | null, check: () => Promise<boolean>): Promise<boolean> {
    const key = `${fileId}:${projectIds === null ? '*' : [...projectIds].sort().join(',')}`;
    if (this.granted.get(key)) return true;
    const used = await check();
    if (used) this.granted.set(key, true);
    return used;
  }

  /** The file a versioned thumbnail URL shows; `load` finds it when it is not known (or no longer exists). */
  async thumbnailFile(assetId: string, version: string, load: () => Promise<StoredFile>): Promise<StoredFile> {
    const key = `${assetId}@${version}`;
    const fileId = this.thumbnailFiles.get(key);
    const known = fileId ? await this.file(fileId) : null;
    if (known) return known;
    const file = await load();
    this.files.set(file.id, file);
    this.thumbnailFiles.set(key, file.id);
    return file;
  }
}

const bodyKey = (variant: StoredVariant) => `${variant.fileId}/${variant.paramsKey}#${variant.id}`;
