import type { Sequelize } from 'sequelize';
import { JobLease } from '../jobs/job-lease.model.ts';

/** A lease row no job takes: it exists to be written by the readiness check. */
const PROBE_ROW = 'core:readiness-probe';

/**
 * Readiness for the database: a committed write, not just `SELECT 1`. A read-only, locked or full
 * database answers reads but fails every change. The write runs in a transaction of its own, which
 * on SQLite opens a fresh connection, so a file that turned read-only after boot is seen too.
 */
export async function checkDatabaseWrites(sequelize: Sequelize): Promise<void> {
  await sequelize.transaction(async (transaction) => {
    await JobLease.upsert({ name: PROBE_ROW, holder: 'readiness-probe', expiresAt: new Date(0), lastRunSlot: null }, { transaction });
  });
}
