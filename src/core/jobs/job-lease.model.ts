import { DataTypes, Model, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { timestampColumn } from '../db/json-column.ts';

export class JobLease extends Model<InferAttributes<JobLease>, InferCreationAttributes<JobLease>> {
  declare name: string;
  declare holder: string;
  declare expiresAt: Date;
}

export function defineJobLeaseModel(sequelize: Sequelize): void {
  JobLease.init(
    {
      name: { type: DataTypes.STRING(191), primaryKey: true },
      holder: { type: DataTypes.STRING(100), allowNull: false },
      expiresAt: timestampColumn(),
    },
    { sequelize, tableName: 'job_leases', timestamps: false },
  );
}
