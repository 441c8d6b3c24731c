import { randomUUID } from 'node:crypto';
import { Op, UniqueConstraintError } from 'sequelize';
import { JobLease } from './job-lease.model.ts';

/**
 * Time-limited leases in the database, so that a job runs on one instance at a time
 * and a crashed holder's lease simply expires.
 */
export class LeaseService {
  /** Identifies this process among the instances sharing the database. */
  readonly holder = `${process.pid}-${randomUUID().slice(0, 8)}`;

  async acquire(name: string, ttlMs: number): Promise<boolean> {
    const now = new Date();
    const expiresAt = new Date(now.getTime() + ttlMs);
    const [taken] = await JobLease.update(
      { holder: this.holder, expiresAt },
      { where: { name, [Op.or]: [{ expiresAt: { [Op.lt]: now } }, { holder: this.holder }] } },
    );
    if (taken > 0) return true;
    try {
      await JobLease.create({ name, holder: this.holder, expiresAt });
      return true;
    } catch (err) {
      if (err instanceof UniqueConstraintError) return false;
      throw err;
    }
  }

  async release(name: string): Promise<void> {
    await JobLease.destroy({ where: { name, holder: this.holder } });
  }

  /** Runs `fn` only if the lease can be taken; answers whether it ran. */
  async runExclusive(name: string, ttlMs: number, fn: () => Promise<void>): Promise<boolean> {
    if (!(await this.acquire(name, ttlMs))) return false;
    try {
      await fn();
    } finally {
      await this.release(name).catch(() => undefined);
    }
    return true;
  }
}
