import type { Sequelize } from 'sequelize';
import { placeholders, readTimestamp, type LeanReader } from '../../src/index.ts';
import type { GenerationStatus } from './generation.model.ts';
import type { AssetRecord, GenerationRecord } from './image-asset.views.ts';

interface AssetRow {
  id: string;
  project_id: string;
  name: string;
  description: string;
  favorite_generation_id: string | null;
  metadata: string | null;
  file_size: number | string;
  total_generations: number | string;
  created_at: unknown;
  updated_at: unknown;
  has_image: number | string;
  /** SQLite only: the tag names as a JSON array, sorted as the API shows them. */
  tag_names?: string | null;
}

interface GenerationRow {
  id: string;
  asset_id: string;
  image_path: string | null;
  image_url: string | null;
  file_id: string | null;
  parameters: string | null;
  status: GenerationStatus;
  is_favorite: number | boolean;
  file_size: number | string | null;
  width: number | null;
  height: number | null;
  format: string | null;
  metadata: string | null;
  created_at: unknown;
  updated_at: unknown;
}

const parseObject = (text: string | null) => (text ? (JSON.parse(text) as Record<string, unknown>) : {});

function toGenerationRecord(row: GenerationRow): GenerationRecord {
  return {
    id: row.id,
    assetId: row.asset_id,
    imagePath: row.image_path,
    imageUrl: row.image_url,
    fileId: row.file_id,
    parameters: parseObject(row.parameters),
    status: row.status,
    isFavorite: Boolean(row.is_favorite),
    fileSize: row.file_size === null ? null : Number(row.file_size),
    width: row.width,
    height: row.height,
    format: row.format,
    metadata: parseObject(row.metadata),
    createdAt: readTimestamp(row.created_at),
    updatedAt: readTimestamp(row.updated_at),
  };
}

/** An asset row with whether one of its generations has a stored file (so a thumbnail), in one statement. */
const ASSET_COLUMNS = `a.id, a.project_id, a.name, a.description, a.favorite_generation_id, a.metadata, a.file_size,
  a.total_generations, a.created_at, a.updated_at,
  EXISTS (SELECT 1 FROM image_generations g WHERE g.asset_id = a.id AND g.file_id IS NOT NULL) AS has_image`;

/**
 * An asset's tag names, in name order, as a JSON array in the same statement as its row: each
 * statement costs a trip to the driver (on SQLite its thread pool: a third of a list's database
 * time). MySQL 8 has no ordered JSON_ARRAYAGG, so there the array is built from GROUP_CONCAT of
 * quoted names (the core raises group_concat_max_len for it on every connection).
 */
const SQLITE_TAG_NAMES = `(SELECT json_group_array(t.name ORDER BY t.name_key) FROM image_asset_tags l JOIN tags t ON t.id = l.tag_id
  WHERE l.image_asset_id = a.id) AS tag_names`;
const MYSQL_TAG_NAMES = `(SELECT CONCAT('[', GROUP_CONCAT(JSON_QUOTE(t.name) ORDER BY t.name_key SEPARATOR ','), ']')
  FROM image_asset_tags l JOIN tags t ON t.id = l.tag_id WHERE l.image_asset_id = a.id) AS tag_names`;

export interface AssetRecordWithImage {
  asset: AssetRecord;
  hasImage: boolean;
  tags: string[];
}

function toRecord(row: AssetRow): AssetRecordWithImage {
  return {
    tags: row.tag_names ? (JSON.parse(row.tag_names) as string[]) : [],
    asset: {
      id: row.id,
      projectId: row.project_id,
      name: row.name,
      description: row.description,
      favoriteGenerationId: row.favorite_generation_id,
      metadata: parseObject(row.metadata),
      fileSize: Number(row.file_size),
      totalGenerations: Number(row.total_generations),
      createdAt: readTimestamp(row.created_at),
      updatedAt: readTimestamp(row.updated_at),
    },
    hasImage: Number(row.has_image) === 1,
  };
}

/**
 * The statements behind the asset list, get and search views, run lean (createLeanReader): these
 * routes are most of what clients ask, and Sequelize's per-query cost was most of their CPU.
 */
export class AssetReads {
  private readonly sqlite: boolean;
  private readonly select: string;

  constructor(
    private readonly reader: LeanReader,
    private readonly sequelize: Sequelize,
  ) {
    this.sqlite = sequelize.getDialect() === 'sqlite';
    this.select = `SELECT ${ASSET_COLUMNS}, ${this.sqlite ? SQLITE_TAG_NAMES : MYSQL_TAG_NAMES} FROM image_assets a`;
  }

  all<T>(sql: string, params: readonly unknown[]): Promise<T[]> {
    return this.reader.all<T>(sql, params);
  }

  /** The assets with these ids (and their tags), in no particular order. */
  async byIds(ids: readonly string[]): Promise<AssetRecordWithImage[]> {
    if (ids.length === 0) return [];
    const rows = await this.reader.all<AssetRow>(`${this.select} WHERE a.id IN (${placeholders(ids.length)})`, ids);
    return rows.map(toRecord);
  }

  /**
   * One page of a list, in order: `where` and `order` name image_assets' columns. SQLite walks the
   * sort index reading whole rows; MySQL reads the page's ids first, since with whole rows it
   * carried every match's TEXT and JSON columns through its temporary table and sort, not just 50.
   */
  async page(where: string, params: readonly unknown[], order: string, limit: number, offset: number, indexHint = ''): Promise<AssetRecordWithImage[]> {
    if (this.sqlite) {
      const rows = await this.reader.all<AssetRow>(`${this.select} WHERE ${where} ORDER BY ${order} LIMIT ? OFFSET ?`, [...params, limit, offset]);
      return rows.map(toRecord);
    }
    const page = await this.reader.all<{ id: string }>(`SELECT id FROM image_assets${indexHint} WHERE ${where} ORDER BY ${order} LIMIT ? OFFSET ?`, [
      ...params,
      limit,
      offset,
    ]);
    const ids = page.map((row) => row.id);
    const byId = new Map((await this.byIds(ids)).map((record) => [record.asset.id, record]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** The asset's generations, oldest first. */
  async generationsOf(assetId: string): Promise<GenerationRecord[]> {
    const rows = await this.reader.all<GenerationRow>(
      `SELECT id, asset_id, image_path, image_url, file_id, parameters, status, is_favorite, file_size, width, height, format, metadata, created_at, updated_at
       FROM image_generations WHERE asset_id = ? ORDER BY created_at ASC, id ASC`,
      [assetId],
    );
    return rows.map(toGenerationRecord);
  }

  /** How a timestamp parameter must be written to compare with the column: as Sequelize stores it. */
  timestampParam(date: Date): string | Date {
    return this.sequelize.getDialect() === 'sqlite' ? `${date.toISOString().slice(0, 23).replace('T', ' ')} +00:00` : date;
  }
}
