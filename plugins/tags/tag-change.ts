import type { Transaction } from 'sequelize';
import type { Principal } from '../../src/index.ts';

/**
 * A tag was renamed, merged into another or is about to be deleted. Listeners run inside the transaction that
 * makes the change, so what they write (search outbox rows, join-row clean-up) commits
 * or rolls back with it. On `deleted` the tag's join rows still exist when they run.
 */
export interface TagChange {
  kind: 'renamed' | 'deleted' | 'merged';
  tagId: string;
  /** For `merged`: the tag that takes over `tagId`'s records. Listeners move their links to it; `tagId` is deleted next. */
  intoTagId?: string;
}

export type TagChangeListener = (change: TagChange, transaction: Transaction | null) => Promise<void>;

/** Counts the records of one kind that carry a tag, within what the principal may see. */
export type TagUsageCounter = (tagId: string, principal: Principal) => Promise<number>;
