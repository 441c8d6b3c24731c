import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { timestampColumn } from '../../src/index.ts';
import type { StoredFile } from './tokens.ts';
import { defineFileVariantModel } from './file-variant.model.ts';

export class FileRecord extends Model<InferAttributes<FileRecord>, InferCreationAttributes<FileRecord>> {
  declare id: string;
  declare sha256: string;
  declare size: number;
  declare contentType: string;
  declare ext: string;
  declare width: number | null;
  declare height: number | null;
  declare format: string | null;
  declare driver: string;
  declare storageKey: string;
  declare refCount: CreationOptional<number>;
  declare unreferencedAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** A plain copy, so callers never hold (or save) a live model instance. */
export function toStoredFile(row: FileRecord): StoredFile {
  return {
    id: row.id,
    sha256: row.sha256,
    size: Number(row.size),
    contentType: row.contentType,
    ext: row.ext,
    width: row.width,
    height: row.height,
    format: row.format,
    driver: row.driver,
    storageKey: row.storageKey,
    refCount: Number(row.refCount),
    createdAt: row.createdAt,
  };
}

export function defineFileModels(sequelize: Sequelize): void {
  FileRecord.init(
    {
      id: { type: DataTypes.UUID, primaryKey: true },
      sha256: { type: DataTypes.CHAR(64), allowNull: false },
      size: { type: DataTypes.BIGINT, allowNull: false },
      contentType: { type: DataTypes.STRING(127), allowNull: false },
      ext: { type: DataTypes.STRING(16), allowNull: false },
      width: { type: DataTypes.INTEGER, allowNull: true },
      height: { type: DataTypes.INTEGER, allowNull: true },
      format: { type: DataTypes.STRING(16), allowNull: true },
      driver: { type: DataTypes.STRING(32), allowNull: false },
      storageKey: { type: DataTypes.STRING(255), allowNull: false },
      refCount: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      unreferencedAt: timestampColumn(true),
      createdAt: timestampColumn(),
      updatedAt: timestampColumn(),
    },
    { sequelize, tableName: 'files', underscored: true },
  );
  defineFileVariantModel(sequelize);
}
