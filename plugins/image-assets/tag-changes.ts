import type { SearchOutbox } from '../../src/index.ts';
import type { TagChangeListener } from '../tags/tag-change.ts';
import { ImageAssetTag } from './image-asset.model.ts';
import { IMAGE_ASSETS_INDEX } from './image-asset.search.ts';

/** A renamed or deleted tag changes the search documents of the assets carrying it. */
export function followTagChanges(outbox: SearchOutbox): TagChangeListener {
  return async (change, transaction) => {
    const options = { transaction: transaction ?? undefined };
    const links = await ImageAssetTag.findAll({ where: { tagId: change.tagId }, attributes: ['imageAssetId'], ...options });
    if (change.kind === 'deleted') await ImageAssetTag.destroy({ where: { tagId: change.tagId }, ...options });
    await outbox.enqueue(IMAGE_ASSETS_INDEX, links.map((l) => l.imageAssetId), transaction);
  };
}
