import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { jsonColumn, timestampColumn } from '../db/json-column.ts';

export class ApiKey extends Model<InferAttributes<ApiKey>, InferCreationAttributes<ApiKey>> {
  declare id: string;
  declare name: string;
  declare tokenHash: string;
  declare tokenPrefix: string;
  declare projectIds: string[] | null;
  declare canWrite: boolean;
  declare mediaLibrary: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare lastUsedAt: Date | null;
  declare revokedAt: Date | null;
}

export function defineApiKeyModel(sequelize: Sequelize): void {
  ApiKey.init(
    {
      id: { type: DataTypes.UUID, primaryKey: true },
      name: { type: DataTypes.STRING(100), allowNull: false },
      tokenHash: { type: DataTypes.CHAR(64), allowNull: false, unique: true },
      tokenPrefix: { type: DataTypes.STRING(16), allowNull: false },
      projectIds: jsonColumn<string[]>('projectIds', () => [], true),
      canWrite: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      mediaLibrary: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      createdAt: timestampColumn(),
      lastUsedAt: timestampColumn(true),
      revokedAt: timestampColumn(true),
    },
    { sequelize, tableName: 'api_keys', updatedAt: false },
  );
}
