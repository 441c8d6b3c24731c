import { randomUUID } from 'node:crypto';
import { Op, Transaction, type Order, type Sequelize, type WhereOptions } from 'sequelize';
import { CORE, ConflictError, InputError, NotFoundError, inject, injectable, isDeadlock, type Principal } from '../../src/index.ts';
import { Tag, tagKey } from './tag.model.ts';
import type { TagChangeListener, TagUsageCounter } from './tag-change.ts';
import type { CreateTagInput, TagListQuery, UpdateTagInput } from './tag.schemas.ts';
import { likePattern, LIKE_ESCAPE } from './like-pattern.ts';

export interface TagView {
  id: string;
  name: string;
  description: string | null;
  color: string | null;
  created_at: string;
  updated_at: string;
}

export function toTagView(tag: Tag): TagView {
  return {
    id: tag.id,
    name: tag.name,
    description: tag.description,
    color: tag.color,
    created_at: tag.createdAt.toISOString(),
    updated_at: tag.updatedAt.toISOString(),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SORT_COLUMNS = { name: 'nameKey', created_at: 'createdAt', updated_at: 'updatedAt' } as const;

/** The shared tag vocabulary. Other plugins reach it through TAGS.service. */
@injectable()
export class TagService {
  private readonly listeners: TagChangeListener[] = [];
  private readonly usageCounters = new Map<string, TagUsageCounter>();

  constructor(@inject(CORE.database) private readonly sequelize: Sequelize) {}

  model(): typeof Tag {
    return Tag;
  }

  /** Lets a plugin that attaches tags to its records follow renames and deletions. */
  onChange(listener: TagChangeListener): void {
    this.listeners.push(listener);
  }

  /** Another kind of record that carries tags (media assets, image assets): its count shows in a tag's usage. */
  countUsage(kind: string, counter: TagUsageCounter): void {
    this.usageCounters.set(kind, counter);
  }

  /** How many records of each kind carry the tag, counted only within what `principal` may see. */
  async usage(tagId: string, principal: Principal): Promise<Record<string, number>> {
    await this.require(tagId);
    const kinds = [...this.usageCounters.entries()].sort(([a], [b]) => a.localeCompare(b));
    const counts = await Promise.all(kinds.map(([, counter]) => counter(tagId, principal)));
    return Object.fromEntries(kinds.map(([kind], i) => [kind, counts[i] as number]));
  }

  /**
   * Routes changes made outside this service (the dashboard) through the listeners too.
   * Called once per boot, as Model.init resets hooks.
   */
  attachModelHooks(): void {
    Tag.addHook('afterUpdate', 'tags.renamed', async (tag: Tag, options: { transaction?: Transaction | null }) => {
      if (tag.changed('name')) {
        await this.notify({ kind: 'renamed', tagId: tag.id }, options.transaction ?? null);
      }
    });
    Tag.addHook('beforeDestroy', 'tags.deleted', async (tag: Tag, options: { transaction?: Transaction | null }) => {
      await this.notify({ kind: 'deleted', tagId: tag.id }, options.transaction ?? null);
    });
  }

  private async notify(change: Parameters<TagChangeListener>[0], transaction: Transaction | null): Promise<void> {
    for (const listener of this.listeners) await listener(change, transaction);
  }

  async list(query: TagListQuery): Promise<{ items: TagView[]; total: number; skip: number; limit: number }> {
    const conditions: WhereOptions<Tag>[] = [];
    if (query.name !== undefined) conditions.push({ nameKey: tagKey(query.name) });
    if (query.search !== undefined && query.search.trim() !== '') {
      const pattern = this.sequelize.escape(likePattern(query.search.trim()));
      conditions.push(
        this.sequelize.literal(`(name LIKE ${pattern} ESCAPE '${LIKE_ESCAPE}' OR description LIKE ${pattern} ESCAPE '${LIKE_ESCAPE}')`) as WhereOptions<Tag>,
      );
    }
    const where = { [Op.and]: conditions };
    const order: Order = [[SORT_COLUMNS[query.sort_by], query.sort_dir.toUpperCase()], ['id', 'ASC']];
    const [total, rows] = await Promise.all([
      Tag.count({ where }),
      Tag.findAll({ where, order, offset: query.skip, limit: query.limit }),
    ]);
    return { items: rows.map(toTagView), total, skip: query.skip, limit: query.limit };
  }

  /** A missing tag, or an id that is not a UUID, is a NotFoundError. */
  async require(id: string, transaction?: Transaction): Promise<Tag> {
    const tag = UUID.test(id) ? await Tag.findByPk(id, { transaction }) : null;
    if (!tag) throw new NotFoundError('Tag', id);
    return tag;
  }

  async get(id: string): Promise<TagView> {
    return toTagView(await this.require(id));
  }

  async create(input: CreateTagInput): Promise<TagView> {
    return this.sequelize.transaction(async (transaction) => {
      await this.assertNameFree(input.name, null, transaction);
      const now = new Date();
      const tag = await Tag.create(
        {
          id: randomUUID(),
          name: input.name,
          nameKey: tagKey(input.name),
          description: input.description ?? null,
          color: input.color ?? null,
          createdAt: now,
          updatedAt: now,
        },
        { transaction },
      );
      return toTagView(tag);
    });
  }

  async update(id: string, input: UpdateTagInput): Promise<TagView> {
    return this.sequelize.transaction(async (transaction) => {
      const tag = await this.require(id, transaction);
      if (input.name !== undefined) {
        await this.assertNameFree(input.name, tag.id, transaction);
        tag.name = input.name;
      }
      if (input.description !== undefined) tag.description = input.description;
      if (input.color !== undefined) tag.color = input.color;
      if (tag.changed()) {
        tag.updatedAt = new Date();
        await tag.save({ transaction });
      }
      return toTagView(tag);
    });
  }

  /** Deletes the tag; listeners remove its associations, never the tagged records. */
  async remove(id: string): Promise<void> {
    // Deleting a tag locks its links; one being added at the same moment can make MySQL pick us as a deadlock's victim. Run again.
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.sequelize.transaction(async (transaction) => {
          const tag = await this.require(id, transaction);
          await tag.destroy({ transaction });
        });
        return;
      } catch (err) {
        if (!isDeadlock(err) || attempt >= 3) throw err;
        await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
      }
    }
  }

  /**
   * Merges `sourceId` into `targetId`: every record tagged with the source ends up tagged with
   * the target (once), and the source is deleted. One transaction, so links, search outbox rows
   * and the deletion commit together.
   */
  async merge(sourceId: string, targetId: string): Promise<TagView> {
    if (sourceId === targetId) throw InputError.field('target_id', 'must differ from the tag being merged');
    return this.sequelize.transaction(async (transaction) => {
      const source = await this.require(sourceId, transaction);
      const target = await this.require(targetId, transaction);
      await this.notify({ kind: 'merged', tagId: source.id, intoTagId: target.id }, transaction);
      await source.destroy({ transaction });
      target.changed('updatedAt', true);
      target.updatedAt = new Date();
      await target.save({ transaction });
      return toTagView(target);
    });
  }

  private async assertNameFree(name: string, exceptId: string | null, transaction: Transaction): Promise<void> {
    const clash = await Tag.findOne({ where: { nameKey: tagKey(name) }, transaction });
    if (clash && clash.id !== exceptId) {
      throw new ConflictError(`A tag named "${clash.name}" already exists.`, { existing_tag_id: clash.id });
    }
  }

  /**
   * Finds or creates tags by name, case-insensitively, in the caller's transaction.
   * Answers them deduplicated, in the order first named. Safe under concurrency:
   * a tag created by someone else meanwhile is picked up, not duplicated.
   */
  async ensureNames(names: string[], transaction?: Transaction): Promise<Tag[]> {
    const wanted = new Map<string, string>();
    for (const raw of names) {
      const name = raw.trim();
      if (name && !wanted.has(tagKey(name))) wanted.set(tagKey(name), name);
    }
    if (wanted.size === 0) return [];
    const keys = [...wanted.keys()];
    let all = await Tag.findAll({ where: { nameKey: { [Op.in]: keys } }, transaction });
    // A tag can vanish between an insert that was ignored (it existed) and the read after it, when
    // another request deletes it: insert what is still missing again.
    for (let attempt = 1; ; attempt += 1) {
      const found = new Set(all.map((t) => t.nameKey));
      // One order for every request, so two that insert the same keys wait for each other instead of deadlocking.
      const missing = keys.filter((k) => !found.has(k)).sort();
      if (missing.length === 0) break;
      if (attempt > 3) throw new ConflictError(`The tags ${missing.join(', ')} were deleted as fast as they were created; try again.`);
      const now = new Date();
      await Tag.bulkCreate(
        missing.map((key) => ({ id: randomUUID(), name: wanted.get(key) as string, nameKey: key, description: null, color: null, createdAt: now, updatedAt: now })),
        { transaction, ignoreDuplicates: true },
      );
      // A plain SELECT reads the transaction's snapshot (MySQL's REPEATABLE READ), which misses a tag that a
      // concurrent request committed while our insert was being ignored; a locking read sees it.
      all = await Tag.findAll({ where: { nameKey: { [Op.in]: keys } }, transaction, lock: transaction ? Transaction.LOCK.SHARE : undefined });
    }
    const byKey = new Map(all.map((t) => [t.nameKey, t]));
    return keys.map((k) => byKey.get(k) as Tag);
  }

  /** Answers the tags with these ids; an unknown id is an input error naming `field`. */
  async requireIds(ids: string[], field: string, transaction?: Transaction): Promise<Tag[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const tags = await Tag.findAll({ where: { id: { [Op.in]: unique } }, transaction });
    if (tags.length !== unique.length) {
      const known = new Set(tags.map((t) => t.id));
      const unknown = unique.filter((id) => !known.has(id));
      throw new InputError(`${field}: unknown tag id${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`, [
        { field, message: `unknown tag ids: ${unknown.join(', ')}` },
      ]);
    }
    return tags;
  }
}
