import { randomUUID } from 'node:crypto';
import { Op, type Transaction } from 'sequelize';
import { InputError, injectable } from '../../src/index.ts';
import { Tag, tagKey } from './tag.model.ts';

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

/** The shared tag vocabulary. Other plugins reach it through TAGS.service. */
@injectable()
export class TagService {
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
    const existing = await Tag.findAll({ where: { nameKey: { [Op.in]: keys } }, transaction });
    const found = new Set(existing.map((t) => t.nameKey));
    const missing = keys.filter((k) => !found.has(k));
    if (missing.length > 0) {
      const now = new Date();
      await Tag.bulkCreate(
        missing.map((key) => ({ id: randomUUID(), name: wanted.get(key) as string, nameKey: key, description: null, color: null, createdAt: now, updatedAt: now })),
        { transaction, ignoreDuplicates: true },
      );
    }
    const all = missing.length > 0 ? await Tag.findAll({ where: { nameKey: { [Op.in]: keys } }, transaction }) : existing;
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
