import { ForeignKeyConstraintError, type Sequelize, type Transaction } from 'sequelize';
import { AppError, CORE, assertProjectAccess, canSeeProject, inject, injectable, isDatabaseUnavailable, isDeadlock, parseInput, type Principal, type SearchOutbox } from '../../src/index.ts';
import { tagKey } from '../tags/tokens.ts';
import { AssetTagStore, type TagOperation } from './asset-tags.ts';
import { findVisibleAsset } from './asset-access.ts';
import { ImageAsset } from './image-asset.model.ts';
import { createAssetBody, MAX_TAGS_PER_ASSET, type CreateAssetInput } from './image-asset.schemas.ts';
import { IMAGE_ASSETS_INDEX } from './image-asset.search.ts';
import { ImageAssetService } from './image-asset.service.ts';
import type { ProjectCounters } from './project-counters.ts';
import type { ImageAssetView } from './image-asset.views.ts';
import { IMAGE_ASSETS } from './tokens.ts';
import { WriteTransactions } from './write-transactions.ts';

export const MAX_BULK_ITEMS = 200;
/** New tags one batch may introduce: each is a write to the shared vocabulary, and 10,000 held SQLite's writers for 2.5 s. */
export const MAX_NEW_TAGS_PER_BATCH = 500;
/** Tags are created in short transactions of this many, so other writers get in between. */
const TAG_CHUNK = 100;

export interface BulkCreateFailure {
  index: number;
  error: string;
  errors?: Array<{ field: string; message: string }>;
}

const reason = (err: unknown): string => {
  if (err instanceof AppError) return err.message;
  throw err;
};

/** An item of a bulk call fails alone, with a reason, whatever its database said: items before it are already committed. */
const itemFailure = (err: unknown): string => {
  if (err instanceof AppError) return err.message;
  if (isDeadlock(err)) return 'The database was busy with a conflicting change (deadlock); try this asset again.';
  if (err instanceof ForeignKeyConstraintError) return 'One of the tags was deleted while this asset was being tagged; try this asset again.';
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
    @inject(CORE.database) private readonly sequelize: Sequelize,
    @inject(IMAGE_ASSETS.counters) private readonly counters: ProjectCounters,
  ) {}

  async create(principal: Principal, projectId: string, items: unknown[]): Promise<{ created: ImageAssetView[]; failed: BulkCreateFailure[] }> {
    assertProjectAccess(principal, projectId);
    const created: ImageAssetView[] = [];
    const failed: BulkCreateFailure[] = [];
    const fail = (index: number, err: unknown) => {
      const errors = (err as { errors?: BulkCreateFailure['errors'] }).errors;
      failed.push({ index, error: reason(err), ...(errors?.length ? { errors } : {}) });
    };
    const valid: Array<{ index: number; input: CreateAssetInput }> = [];
    for (const [index, item] of items.entries()) {
      try {
        valid.push({ index, input: parseInput(createAssetBody, item, `body.assets.${index}`) });
      } catch (err) {
        fail(index, err);
      }
    }
    const admitted = await this.boundNewTags(valid, fail);
    // The batch's tags first, in short transactions of their own: two batches creating the same
    // new tag inside their long transactions would deadlock.
    const names = [...new Set(admitted.flatMap((v) => v.input.tags))];
    for (let i = 0; i < names.length; i += TAG_CHUNK) await this.writes.run((tx) => this.tags.named(names.slice(i, i + TAG_CHUNK), tx));
    // Then one transaction with a savepoint per item: an item still fails alone (rolled back to
    // its savepoint), but the batch commits once instead of 200 times (a log flush each on MySQL).
    // Results are kept per attempt: a deadlock rolls the whole transaction back, and it runs again.
    const outcome = await this.writes.run(async (outer) => {
      const made: typeof created = [];
      const refused: Array<{ index: number; err: unknown }> = [];
      // Every item at once first; should anything fail (a tag deleted under us), back to its
      // savepoint and item by item, so each still succeeds or fails on its own.
      try {
        const all = await this.sequelize.transaction({ transaction: outer }, (tx) => this.assets.createManyIn(projectId, admitted.map((a) => a.input), tx));
        return { made: all, refused };
      } catch (err) {
        // A busy or failing database is no item's fault: item by item would only fail 200 times.
        if (isDeadlock(err) || isDatabaseUnavailable(err)) throw err;
      }
      for (const { index, input } of admitted) {
        try {
          made.push(await this.sequelize.transaction({ transaction: outer }, (tx) => this.assets.createIn(projectId, input, tx)));
        } catch (err) {
          // Not this item's fault, and nothing of the transaction is left: retry it all.
          if (isDeadlock(err)) throw err;
          refused.push({ index, err });
        }
      }
      return { made, refused };
    });
    created.push(...outcome.made);
    for (const { index, err } of outcome.refused) fail(index, err);
    failed.sort((x, y) => x.index - y.index);
    return { created, failed };
  }

  /** Items, in order, until the batch would introduce more than MAX_NEW_TAGS_PER_BATCH new tags; later items that would add more fail alone. */
  private async boundNewTags<T extends { index: number; input: CreateAssetInput }>(valid: T[], fail: (index: number, err: unknown) => void): Promise<T[]> {
    const existing = await this.tags.existingKeys(valid.flatMap((v) => v.input.tags));
    const introduced = new Set<string>();
    const admitted: T[] = [];
    for (const item of valid) {
      const fresh = new Set(item.input.tags.map(tagKey).filter((key) => !existing.has(key) && !introduced.has(key)));
      if (introduced.size + fresh.size > MAX_NEW_TAGS_PER_BATCH) {
        fail(item.index, new TooManyNewTagsError());
        continue;
      }
      fresh.forEach((key) => introduced.add(key));
      admitted.push(item);
    }
    return admitted;
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
        failed.push({ asset_id: assetId, error: itemFailure(err) });
      }
    }
    return { deleted, failed };
  }

  async updateTags(principal: Principal, assetIds: string[], operation: TagOperation, names: string[]) {
    let updated = 0;
    const failed: Array<{ asset_id: string; error: string }> = [];
    for (const assetId of new Set(assetIds)) {
      try {
        const changed = await this.withTagsStillThere(() =>
          this.writes.run(async (transaction) => {
            const asset = await findVisibleAsset(assetId, principal, { transaction, lock: true });
            if (!(await this.tags.apply(asset.id, operation, names, transaction))) return false;
            const count = (await this.tags.namesFor([asset.id], transaction)).get(asset.id)?.length ?? 0;
            if (count > MAX_TAGS_PER_ASSET) throw new TooManyTagsError(count);
            asset.changed('updatedAt', true);
            await asset.save({ transaction });
            await this.counters.bumpVersions([asset.projectId], transaction);
            await this.outbox.enqueue(IMAGE_ASSETS_INDEX, [asset.id], transaction);
            return true;
          }),
        );
        if (changed) updated += 1;
      } catch (err) {
        failed.push({ asset_id: assetId, error: itemFailure(err) });
      }
    }
    return { updated, failed };
  }

  /**
   * A tag deleted between being looked up and being linked fails the link's foreign key; the
   * item then runs again, and its tag is created anew.
   */
  private async withTagsStillThere<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await work();
      } catch (err) {
        if (!(err instanceof ForeignKeyConstraintError) || attempt >= 3) throw err;
      }
    }
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

class TooManyNewTagsError extends AppError {
  constructor() {
    super('input', `The batch would introduce more than ${MAX_NEW_TAGS_PER_BATCH} new tags; send this asset in another batch.`);
  }
}

class AssetNotInProjectError extends AppError {
  constructor(assetId: string, projectId: string) {
    super('not-found', `Asset ${assetId} not found in project ${projectId}.`);
  }
}
