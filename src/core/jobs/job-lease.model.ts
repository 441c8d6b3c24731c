import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { timestampColumn } from '../db/json-column.ts';

export class JobLease extends Model<InferAttributes<JobLease>, InferCreationAttributes<JobLease>> {
  declare name: string;
  declare holder: string;
  declare expiresAt: Date;
  /** Scheduled time of the last run of a cron job, so one tick runs once across instances. */
  declare lastRunSlot: Date | null;
  /** Where the holder runs (see pidSpace) and its pid, so a dead holder on this host can be told apart. */
  declare holderHost: CreationOptional<string | null>;
  declare holderPid: CreationOptional<number | null>;
}

export function defineJobLeaseModel(sequelize: Sequelize): void {
  JobLease.init(
    {
      name: { type: DataTypes.STRING(191), primaryKey: true },
      holder: { type: DataTypes.STRING(100), allowNull: false },
      expiresAt: timestampColumn(),
      lastRunSlot: timestampColumn(true),
      holderHost: { type: DataTypes.STRING(255), allowNull: true },
      holderPid: { type: DataTypes.INTEGER, allowNull: true },
    },
    { sequelize, tableName: 'job_leases', timestamps: false },
  );
}
