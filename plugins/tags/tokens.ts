import type { ServiceIdentifier } from '../../src/index.ts';
import type { TagService } from './tag.service.ts';

/** The tags plugin's public API: other plugins inject these. */
export const TAGS = {
  service: Symbol.for('tags.service') as ServiceIdentifier<TagService>,
};

export { Tag, tagKey } from './tag.model.ts';
export type { TagView } from './tag.service.ts';
export { toTagView } from './tag.service.ts';
export type { TagChange, TagChangeListener, TagUsageCounter } from './tag-change.ts';
export { likePattern, LIKE_ESCAPE } from './like-pattern.ts';
