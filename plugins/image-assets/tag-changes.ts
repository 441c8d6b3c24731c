import type { SearchOutbox } from '../../src/index.ts';
import type { TagChangeListener } from '../tags/tag-change.ts';
import { ImageAssetTag } from './image-asset.model.ts';
import { IMAGE_ASSETS_INDEX } from './image-asset.search.ts';
import type { ProjectCounters, TagCountChange } from './project-counters.ts';

/** A renamed, merged or deleted tag changes the search documents of the assets carrying it, and its projects' tag lists. */
export function followTagChanges(outbox: SearchOutbox, counters: ProjectCounters): TagChangeListener {
  return async (change, transaction) => {
    const options = { transaction: transaction ?? undefined };
    // Locked as read (MySQL): the counts follow the links actually deleted, not an older snapshot.
    const links = await ImageAssetTag.findAll({ where: { tagId: change.tagId }, attributes: ['imageAssetId', 'projectId'], ...options, lock: transaction ? transaction.LOCK.UPDATE : undefined });
    const counts: TagCountChange[] = [];
    if (change.kind === 'deleted') {
      await ImageAssetTag.destroy({ where: { tagId: change.tagId }, ...options });
      counts.push(...links.map((l) => ({ projectId: l.projectId, tagId: change.tagId, delta: -1 })));
    }
    if (change.kind === 'merged' && change.intoTagId) {
      const already = new Set((await ImageAssetTag.findAll({ where: { tagId: change.intoTagId }, attributes: ['imageAssetId'], ...options })).map((l) => l.imageAssetId));
      const moved = links.filter((l) => !already.has(l.imageAssetId)).map((l) => ({ imageAssetId: l.imageAssetId, tagId: change.intoTagId!, projectId: l.projectId }));
      if (moved.length > 0) await ImageAssetTag.bulkCreate(moved, options);
      await ImageAssetTag.destroy({ where: { tagId: change.tagId }, ...options });
      counts.push(...links.map((l) => ({ projectId: l.projectId, tagId: change.tagId, delta: -1 })));
      counts.push(...moved.map((l) => ({ projectId: l.projectId, tagId: l.tagId, delta: 1 })));
    }
    await counters.changeTags(counts, transaction);
    if (change.kind === 'renamed') await counters.tagsRenamed(links.map((l) => l.projectId), transaction);
    await outbox.enqueue(IMAGE_ASSETS_INDEX, links.map((l) => l.imageAssetId), transaction);
  };
}
