import type { Transaction } from 'sequelize';
import { NotFoundError, canSeeProject, type Principal } from '../../src/index.ts';
import { Generation } from './generation.model.ts';
import { ImageAsset } from './image-asset.model.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: string) => UUID.test(value);

/**
 * The asset if this principal may see it. Missing, malformed and out-of-scope ids all answer
 * the same 404. With `lock`, the row stays locked until the transaction ends (FOR UPDATE on
 * MySQL; SQLite's IMMEDIATE transactions already serialize writers): every change to an
 * asset's generations, favourite or counters takes this lock first, so they never interleave.
 */
export async function findVisibleAsset(
  id: string,
  principal: Principal | null,
  options: { transaction?: Transaction; lock?: boolean } = {},
): Promise<ImageAsset> {
  const asset = isUuid(id)
    ? await ImageAsset.findByPk(id, {
        transaction: options.transaction,
        lock: options.lock && options.transaction ? options.transaction.LOCK.UPDATE : undefined,
      })
    : null;
  if (!asset || (principal && !canSeeProject(principal, asset.projectId))) throw new NotFoundError('Asset', id);
  return asset;
}

/** The generation if this principal may see its project; missing, malformed and out-of-scope ids answer the same 404. */
export async function findVisibleGeneration(id: string, principal: Principal): Promise<Generation> {
  const generation = isUuid(id) ? await Generation.findByPk(id) : null;
  if (!generation || !canSeeProject(principal, generation.projectId)) throw new NotFoundError('Generation', id);
  return generation;
}
