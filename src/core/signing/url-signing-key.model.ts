import { DataTypes, Model, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { timestampColumn } from '../db/json-column.ts';

/** A generated signing key, shared by every instance on the same database. */
export class UrlSigningKey extends Model<InferAttributes<UrlSigningKey>, InferCreationAttributes<UrlSigningKey>> {
  declare id: string;
  declare secret: string;
  declare createdAt: Date;
}

export function defineUrlSigningKeyModel(sequelize: Sequelize): void {
  UrlSigningKey.init(
    {
      id: { type: DataTypes.STRING(32), primaryKey: true },
      secret: { type: DataTypes.STRING(128), allowNull: false },
      createdAt: timestampColumn(),
    },
    { sequelize, tableName: 'url_signing_keys', underscored: true, updatedAt: false },
  );
}
