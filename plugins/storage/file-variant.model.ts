import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { timestampColumn } from '../../src/index.ts';

/** A derived image of a stored file (resized or re-encoded), kept in the same backend as its original. */
export class FileVariant extends Model<InferAttributes<FileVariant>, InferCreationAttributes<FileVariant>> {
  declare id: string;
  declare fileId: string;
  declare paramsKey: string;
  declare driver: string;
  declare storageKey: string;
  declare contentType: string;
  declare format: string;
  declare width: number;
  declare height: number;
  declare size: number;
  declare createdAt: CreationOptional<Date>;
}

export function defineFileVariantModel(sequelize: Sequelize): void {
  FileVariant.init(
    {
      id: { type: DataTypes.UUID, primaryKey: true },
      fileId: { type: DataTypes.UUID, allowNull: false },
      paramsKey: { type: DataTypes.STRING(128), allowNull: false },
      driver: { type: DataTypes.STRING(32), allowNull: false },
      storageKey: { type: DataTypes.STRING(255), allowNull: false },
      contentType: { type: DataTypes.STRING(127), allowNull: false },
      format: { type: DataTypes.STRING(16), allowNull: false },
      width: { type: DataTypes.INTEGER, allowNull: false },
      height: { type: DataTypes.INTEGER, allowNull: false },
      size: { type: DataTypes.BIGINT, allowNull: false },
      createdAt: timestampColumn(),
    },
    { sequelize, tableName: 'file_variants', underscored: true, updatedAt: false },
  );
}
