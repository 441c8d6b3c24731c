import { randomUUID } from 'node:crypto';
import { Op, type Transaction, type WhereOptions } from 'sequelize';
import { CORE, InputError, NotFoundError, canSeeProject, inject, injectable, type Principal, type SearchOutbox } from '../../src/index.ts';
import { findVisibleAsset, isUuid } from './asset-access.ts';
import { FileReleaser } from './file-releaser.ts';
import { Generation } from './generation.model.ts';
import type { CreateGenerationInput, ListGenerationsQuery, UpdateGenerationInput } from './generation.schemas.ts';
import { assertStatusMove } from './generation-status.ts';
import type { ImageAsset } from './image-asset.model.ts';
import type { ProjectCounters } from './project-counters.ts';
import type { ProjectRollups } from './project-rollups.ts';
import { IMAGE_ASSETS_INDEX } from './image-asset.search.ts';
import { toGenerationView, type GenerationView } from './image-asset.views.ts';
import { IMAGE_ASSETS } from './tokens.ts';
import { WriteTransactions } from './write-transactions.ts';

/** What the upload route (storage issue) records about a generation's stored file. */
export interface GenerationFile {
  fileId: string | null;
  imagePath: string;
  imageUrl: string;
  fileSize: number;
  width: number | null;
  height: number | null;
  format: string | null;
}

/**
 * Generations and the asset fields that follow them (favorite_generation_id, total_generations,
 * file_size). Every change locks the asset row first, so concurrent changes on one asset run one
 * after the other and the favourite, the flags and the counters always agree.
 */
@injectable()
export class GenerationService {
  constructor(
    @inject(IMAGE_ASSETS.writes) private readonly writes: WriteTransactions,
    @inject(CORE.searchOutbox) private readonly outbox: SearchOutbox,
    @inject(IMAGE_ASSETS.files) private readonly files: FileReleaser,
    @inject(IMAGE_ASSETS.rollups) private readonly rollups: ProjectRollups,
    @inject(IMAGE_ASSETS.counters) private readonly counters: ProjectCounters,
  ) {}

  model(): typeof Generation {
    return Generation;
  }

  async list(principal: Principal, assetId: string, query: ListGenerationsQuery) {
    const asset = await findVisibleAsset(assetId, principal);
    const where: WhereOptions<Generation> = { assetId: asset.id };
    if (query.status) where.status = query.status;
    if (query.is_favorite !== undefined) where.isFavorite = query.is_favorite;
    const [total, rows] = await Promise.all([
      Generation.count({ where }),
      Generation.findAll({ where, order: [['createdAt', 'DESC'], ['id', 'DESC']], limit: query.limit, offset: query.offset }),
    ]);
    return { generations: rows.map(toGenerationView), total, limit: query.limit, offset: query.offset };
  }

  async get(principal: Principal, id: string): Promise<GenerationView> {
    return toGenerationView(await this.findVisible(principal, id));
  }

  async create(principal: Principal, assetId: string, input: CreateGenerationInput): Promise<GenerationView> {
    return this.writes.run(async (transaction) => {
      const asset = await findVisibleAsset(assetId, principal, { transaction, lock: true });
      const model = typeof input.parameters.model === 'string' ? input.parameters.model : null;
      const generation = await Generation.create(
        {
          id: randomUUID(),
          assetId: asset.id,
          projectId: asset.projectId,
          parameters: input.parameters,
          model,
          status: input.status,
          isFavorite: false,
          imagePath: null,
          imageUrl: null,
          fileId: null,
          fileSize: null,
          width: null,
          height: null,
          format: null,
          metadata: input.metadata,
        },
        { transaction },
      );
      await this.touchAsset(asset, { totalGenerations: asset.totalGenerations + 1 }, transaction);
      await this.rollups.count([generation], 1, transaction);
      return toGenerationView(generation);
    });
  }

  async update(principal: Principal, id: string, input: UpdateGenerationInput): Promise<GenerationView> {
    return this.withLockedGeneration(principal, id, async (generation, asset, transaction) => {
      const statusBefore = generation.status;
      if (input.status !== undefined) {
        assertStatusMove(generation.status, input.status);
        generation.status = input.status;
      }
      if (input.image_path !== undefined && input.image_path !== generation.imagePath) {
        // image_path names the image this server stores for the generation; only an upload sets it.
        throw InputError.field(
          'body.image_path',
          'is set by the server when an image is uploaded (POST /api/v1/generations/{generation_id}/upload); send it back unchanged or leave it out',
        );
      }
      if (input.metadata !== undefined) generation.metadata = input.metadata;
      // Metadata holds the file's parameters (metadata.embedded), which the asset's search document carries.
      const parametersChanged = generation.changed('metadata');
      if (generation.changed()) {
        await generation.save({ transaction });
        // The asset's view lists its generations.
        await this.counters.bumpVersions([asset.projectId], transaction);
      }
      if (parametersChanged) await this.outbox.enqueue(IMAGE_ASSETS_INDEX, [asset.id], transaction);
      if (input.is_favorite !== undefined) await this.applyFavorite(generation, asset, input.is_favorite, transaction);
      // Rollups after the asset's version (applyFavorite), as every writer takes them.
      await this.rollups.statusChanged(generation.projectId, statusBefore, generation.status, transaction);
      return toGenerationView(generation);
    });
  }

  async setFavorite(principal: Principal, id: string, favorite: boolean): Promise<GenerationView> {
    return this.withLockedGeneration(principal, id, async (generation, asset, transaction) => {
      await this.applyFavorite(generation, asset, favorite, transaction);
      return toGenerationView(generation);
    });
  }

  async delete(principal: Principal, id: string): Promise<void> {
    await this.withLockedGeneration(principal, id, async (generation, asset, transaction) => {
      await this.files.release([generation.fileId], transaction);
      await generation.destroy({ transaction });
      await this.touchAsset(
        asset,
        {
          totalGenerations: asset.totalGenerations - 1,
          fileSize: asset.fileSize - (generation.fileSize ?? 0),
          favoriteGenerationId: asset.favoriteGenerationId === generation.id ? null : asset.favoriteGenerationId,
        },
        transaction,
      );
      await this.rollups.count([generation], -1, transaction);
    });
  }

  /**
   * Records a generation's stored file and keeps the asset's file_size in step, in the caller's
   * transaction when given. Answers the previous file id, which the caller releases.
   */
  async attachFile(generationId: string, file: GenerationFile, transaction?: Transaction): Promise<{ generation: GenerationView; previousFileId: string | null }> {
    const run = async (tx: Transaction) => {
      const found = isUuid(generationId) ? await Generation.findByPk(generationId, { transaction: tx }) : null;
      if (!found) throw new NotFoundError('Generation', generationId);
      const asset = await findVisibleAsset(found.assetId, null, { transaction: tx, lock: true });
      const generation = await this.relock(generationId, tx);
      const previous = { fileId: generation.fileId, fileSize: generation.fileSize };
      const delta = file.fileSize - (generation.fileSize ?? 0);
      generation.set({ ...file });
      await generation.save({ transaction: tx });
      await this.touchAsset(asset, { fileSize: asset.fileSize + delta }, tx);
      await this.rollups.fileChanged(generation.projectId, previous, { fileId: file.fileId, fileSize: file.fileSize }, tx);
      return { generation: toGenerationView(generation), previousFileId: previous.fileId };
    };
    return transaction ? run(transaction) : this.writes.run(run);
  }

  private async findVisible(principal: Principal, id: string): Promise<Generation> {
    const generation = isUuid(id) ? await Generation.findByPk(id) : null;
    if (!generation || !canSeeProject(principal, generation.projectId)) throw new NotFoundError('Generation', id);
    return generation;
  }

  /** Locks the generation's asset, then re-reads the generation: it may have changed or gone while we waited. */
  private async withLockedGeneration<T>(
    principal: Principal,
    id: string,
    work: (generation: Generation, asset: ImageAsset, transaction: Transaction) => Promise<T>,
  ): Promise<T> {
    const { assetId } = await this.findVisible(principal, id);
    return this.writes.run(async (transaction) => {
      const asset = await findVisibleAsset(assetId, principal, { transaction, lock: true }).catch(() => {
        throw new NotFoundError('Generation', id);
      });
      return work(await this.relock(id, transaction), asset, transaction);
    });
  }

  private async relock(id: string, transaction: Transaction): Promise<Generation> {
    const generation = await Generation.findByPk(id, { transaction, lock: transaction.LOCK.UPDATE });
    if (!generation) throw new NotFoundError('Generation', id);
    return generation;
  }

  private async applyFavorite(generation: Generation, asset: ImageAsset, favorite: boolean, transaction: Transaction): Promise<void> {
    if (favorite) {
      await Generation.update(
        { isFavorite: false },
        { where: { assetId: asset.id, isFavorite: true, id: { [Op.ne]: generation.id } }, transaction },
      );
      if (!generation.isFavorite) await generation.update({ isFavorite: true }, { transaction });
      if (asset.favoriteGenerationId !== generation.id) await this.touchAsset(asset, { favoriteGenerationId: generation.id }, transaction);
      return;
    }
    if (generation.isFavorite) await generation.update({ isFavorite: false }, { transaction });
    if (asset.favoriteGenerationId === generation.id) await this.touchAsset(asset, { favoriteGenerationId: null }, transaction);
  }

  private async touchAsset(
    asset: ImageAsset,
    changes: Partial<Pick<ImageAsset, 'totalGenerations' | 'fileSize' | 'favoriteGenerationId'>>,
    transaction: Transaction,
  ): Promise<void> {
    asset.set(changes);
    asset.changed('updatedAt', true);
    await asset.save({ transaction });
    // Its list entry shows these (total_generations, file_size, the thumbnail) and updated_at.
    await this.counters.bumpVersions([asset.projectId], transaction);
    await this.outbox.enqueue(IMAGE_ASSETS_INDEX, [asset.id], transaction);
  }
}

