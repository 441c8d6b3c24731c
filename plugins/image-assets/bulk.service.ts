import type { Transaction } from 'sequelize';
import { AppError, CORE, assertProjectAccess, canSeeProject, inject, injectable, parseInput, type Principal, type SearchOutbox } from '../../src/index.ts';
import { AssetTagStore, type TagOperation } from './asset-tags.ts';
import { findVisibleAsset } from './asset-access.ts';
import { ImageAsset } from './image-asset.model.ts';
import { createAssetBody, MAX_TAGS_PER_ASSET } from './image-asset.schemas.ts';
import { IMAGE_ASSETS_INDEX } from './image-asset.search.ts';
import { ImageAssetService } from './image-asset.service.ts';
import type { ImageAssetView } from './image-asset.views.ts';
import { IMAGE_ASSETS } from './tokens.ts';
import { WriteTransactions } from './write-transactions.ts';

export const MAX_BULK_ITEMS = 200;

export interface BulkCreateFailure {
  index: number;
  error: string;
  errors?: Array<{ field: string; message: string }>;
}

const reason = (err: unknown): string => {
  if (err instanceof AppError) return err.message;
  throw err;
};

/** Many assets at once. Each item runs in its own transaction and succeeds or fails on its own. */
@injectable()
export class BulkAssetService {
  constructor(
    @inject(IMAGE_ASSETS.writes) private readonly writes: WriteTransactions,
    @inject(CORE.searchOutbox) private readonly outbox: SearchOutbox,
    @inject(IMAGE_ASSETS.service) private readonly assets: ImageAssetService,
    @inject(IMAGE_ASSETS.tags) private readonly tags: AssetTagStore,
  ) {}

  async create(principal: Principal, projectId: string, items: unknown[]): Promise<{ created: ImageAssetView[]; failed: BulkCreateFailure[] }> {
    assertProjectAccess(principal, projectId);
    const created: ImageAssetView[] = [];
    const failed: BulkCreateFailure[] = [];
    for (const [index, item] of items.entries()) {
      try {
        const input = parseInput(createAssetBody, item, `body.assets.${index}`);
        created.push(await this.writes.run((tx) => this.assets.createIn(projectId, input, tx)));
      } catch (err) {
        const errors = (err as { errors?: BulkCreateFailure['errors'] }).errors;
        failed.push({ index, error: reason(err), ...(errors?.length ? { errors } : {}) });
      }
    }
    return { created, failed };
  }

  async delete(principal: Principal, projectId: string, assetIds: string[], force: boolean) {
    assertProjectAccess(principal, projectId);
    const deleted: string[] = [];
    const failed: Array<{ asset_id: string; error: string }> = [];
    for (const assetId of new Set(assetIds)) {
      try {
        await this.writes.run(async (transaction) => {
          const asset = await this.findInProject(principal, projectId, assetId, transaction);
          await this.assets.deleteIn(asset, force, transaction);
        });
        deleted.push(assetId);
      } catch (err) {
        failed.push({ asset_id: assetId, error: reason(err) });
      }
    }
    return { deleted, failed };
  }

  async updateTags(principal: Principal, assetIds: string[], operation: TagOperation, names: string[]) {
    let updated = 0;
    const failed: Array<{ asset_id: string; error: string }> = [];
    for (const assetId of new Set(assetIds)) {
      try {
        const changed = await this.writes.run(async (transaction) => {
          const asset = await findVisibleAsset(assetId, principal, { transaction, lock: true });
          if (!(await this.tags.apply(asset.id, operation, names, transaction))) return false;
          const count = (await this.tags.namesFor([asset.id], transaction)).get(asset.id)?.length ?? 0;
          if (count > MAX_TAGS_PER_ASSET) throw new TooManyTagsError(count);
          asset.changed('updatedAt', true);
          await asset.save({ transaction });
          await this.outbox.enqueue(IMAGE_ASSETS_INDEX, [asset.id], transaction);
          return true;
        });
        if (changed) updated += 1;
      } catch (err) {
        failed.push({ asset_id: assetId, error: reason(err) });
      }
    }
    return { updated, failed };
  }

  private async findInProject(principal: Principal, projectId: string, assetId: string, transaction: Transaction): Promise<ImageAsset> {
    const asset = await findVisibleAsset(assetId, principal, { transaction, lock: true });
    if (asset.projectId !== projectId || !canSeeProject(principal, projectId)) throw new AssetNotInProjectError(assetId, projectId);
    return asset;
  }
}

class TooManyTagsError extends AppError {
  constructor(count: number) {
    super('input', `The asset would carry ${count} tags; at most ${MAX_TAGS_PER_ASSET} are allowed.`);
  }
}

class AssetNotInProjectError extends AppError {
  constructor(assetId: string, projectId: string) {
    super('not-found', `Asset ${assetId} not found in project ${projectId}.`);
  }
}
