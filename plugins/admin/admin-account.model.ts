import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { timestampColumn } from '../../src/index.ts';

export class AdminAccount extends Model<InferAttributes<AdminAccount>, InferCreationAttributes<AdminAccount>> {
  declare id: string;
  declare email: string;
  declare passwordHash: string;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** Failed sign-ins for one email from one IP, keyed by a hash of both. */
export class AdminLoginFailure extends Model<InferAttributes<AdminLoginFailure>, InferCreationAttributes<AdminLoginFailure>> {
  declare id: string;
  declare failures: number;
  declare lastFailureAt: Date;
}

export function defineAdminModels(sequelize: Sequelize): void {
  AdminAccount.init(
    {
      id: { type: DataTypes.UUID, primaryKey: true },
      email: { type: DataTypes.STRING(255), allowNull: false, unique: true },
      passwordHash: { type: DataTypes.STRING(255), allowNull: false },
      createdAt: timestampColumn(),
      updatedAt: timestampColumn(),
    },
    { sequelize, tableName: 'admin_accounts' },
  );
  AdminLoginFailure.init(
    {
      id: { type: DataTypes.STRING(64), primaryKey: true },
      failures: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      lastFailureAt: timestampColumn(),
    },
    { sequelize, tableName: 'admin_login_failures', timestamps: false },
  );
}
