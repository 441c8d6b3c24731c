import { Op } from 'sequelize';
import { inject, injectable, NotFoundError, UnavailableError } from '../../src/index.ts';
import { Generation, ImageAsset } from '../image-assets/tokens.ts';
import { STORAGE, type StoredFile, type VariantStore } from '../storage/tokens.ts';
import { negotiateFormat, variantParams, type OutputFormat, type VariantParams } from './image-params.ts';
import type { ImageLookups } from './image-lookups.ts';
import { ImageVariantService } from './image-variant.service.ts';
import { IMAGES, type ThumbnailRegeneration } from './tokens.ts';

/** Documented thumbnail sizes: pixels on the long side. */
export const THUMBNAIL_SIZES = { small: 128, medium: 256, large: 512 } as const;
export type ThumbnailSize = keyof typeof THUMBNAIL_SIZES;

export function thumbnailParams(size: ThumbnailSize, format: OutputFormat): VariantParams {
  const side = THUMBNAIL_SIZES[size];
  return variantParams({ width: side, height: side, fit: 'inside', format });
}

/** An asset's thumbnail: a variant of its favourite generation's image, else of the earliest generation with one. */
@injectable()
export class ThumbnailService implements ThumbnailRegeneration {
  constructor(
    @inject(IMAGES.lookups) private readonly lookups: ImageLookups,
    @inject(STORAGE.variants) private readonly variantStore: VariantStore,
    @inject(IMAGES.variants) private readonly variants: ImageVariantService,
  ) {}

  /** The stored file the asset's thumbnail is made from; 404 when no generation has an image. */
  async sourceFile(asset: ImageAsset): Promise<StoredFile> {
    const file = await this.findSourceFile(asset);
    if (!file) throw new NotFoundError(`Thumbnail of asset ${asset.id}`);
    return file;
  }

  async regenerate(options: { assetId?: string } = {}): Promise<{ assets: number; variants: number }> {
    const totals = { assets: 0, variants: 0 };
    if (options.assetId) {
      const asset = await ImageAsset.findByPk(options.assetId);
      if (!asset) throw new NotFoundError('Asset', options.assetId);
      await this.remake(asset, totals);
      return totals;
    }
    // In pages by id, so a large library is never held in memory at once.
    let lastId = '';
    for (;;) {
      const page = await ImageAsset.findAll({ where: { totalGenerations: { [Op.gt]: 0 }, id: { [Op.gt]: lastId } }, order: [['id', 'ASC']], limit: 100 });
      if (page.length === 0) return totals;
      lastId = page[page.length - 1].id;
      for (const asset of page) await this.remake(asset, totals);
    }
  }

  private async remake(asset: ImageAsset, totals: { assets: number; variants: number }): Promise<void> {
    const file = await this.findSourceFile(asset);
    if (!file) return;
    totals.assets += 1;
    const wanted = this.allParams(file);
    const keys = new Set(wanted.map((p) => p.key));
    const stale = (await this.variantStore.listFor(file.id)).filter((v) => keys.has(v.paramsKey));
    await this.variantStore.remove(stale.map((v) => v.id));
    this.lookups.forgetVariants(file.id);
    for (const params of wanted) {
      await this.obtainPatiently(file, params);
      totals.variants += 1;
    }
  }

  /**
   * A live request may be making the same variant: obtain() then joins its transform, which gives
   * up after the request's short wait for a slot. Regeneration has no client waiting, so it asks again.
   */
  private async obtainPatiently(file: StoredFile, params: VariantParams): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.variants.obtain(file, params, { waitMs: Infinity });
        return;
      } catch (err) {
        if (!(err instanceof UnavailableError) || attempt >= 2) throw err;
      }
    }
  }

  /** Every size in each format a browser may negotiate: avif, webp and the original's. */
  private allParams(file: StoredFile): VariantParams[] {
    const formats = new Set<OutputFormat>(['avif', 'webp', negotiateFormat(undefined, file.format)]);
    return (Object.keys(THUMBNAIL_SIZES) as ThumbnailSize[]).flatMap((size) => [...formats].map((format) => thumbnailParams(size, format)));
  }

  private async findSourceFile(asset: ImageAsset): Promise<StoredFile | null> {
    const withFile = { assetId: asset.id, fileId: { [Op.ne]: null } };
    const favourite = asset.favoriteGenerationId
      ? await Generation.findOne({ where: { ...withFile, id: asset.favoriteGenerationId } })
      : null;
    const source = favourite ?? (await Generation.findOne({ where: withFile, order: [['createdAt', 'ASC'], ['id', 'ASC']] }));
    return source?.fileId ? this.lookups.file(source.fileId) : null;
  }
}
