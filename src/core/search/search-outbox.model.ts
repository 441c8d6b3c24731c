import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { timestampColumn } from '../db/json-column.ts';

export class SearchOutboxEntry extends Model<InferAttributes<SearchOutboxEntry>, InferCreationAttributes<SearchOutboxEntry>> {
  declare id: CreationOptional<number>;
  declare indexName: string;
  declare documentId: string;
  declare attempts: CreationOptional<number>;
  declare availableAt: Date;
  declare lastError: string | null;
  declare createdAt: CreationOptional<Date>;
}

export function defineSearchOutboxModel(sequelize: Sequelize): void {
  SearchOutboxEntry.init(
    {
      id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
      indexName: { type: DataTypes.STRING(64), allowNull: false },
      documentId: { type: DataTypes.STRING(64), allowNull: false },
      attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      availableAt: timestampColumn(),
      lastError: { type: DataTypes.TEXT, allowNull: true },
      createdAt: timestampColumn(),
    },
    { sequelize, tableName: 'search_outbox', updatedAt: false },
  );
}
