import { randomUUID } from 'node:crypto';
import { Op, UniqueConstraintError, type WhereOptions } from 'sequelize';
import { isProcessAlive, pidSpace } from './holder-process.ts';
import { JobLease } from './job-lease.model.ts';

/** A lease kept alive by a heartbeat until released (see LeaseService.hold). */
export interface HeldLease {
  readonly name: string;
  /** Stops the heartbeat and frees the lease. */
  release(): Promise<void>;
}

/**
 * Time-limited leases in the database, so that a job runs on one instance at a time
 * and a crashed holder's lease simply expires, or, on the holder's own host, is taken over
 * as soon as its process is seen to be gone.
 */
export class LeaseService {
  /** Identifies this process among the instances sharing the database. */
  readonly holder = `${process.pid}-${randomUUID().slice(0, 8)}`;
  private readonly host = pidSpace();

  /**
   * Takes the lease if it is free, expired, already ours, or held by a process of this host that
   * no longer runs. With `slot` (a cron tick's scheduled time) it is also refused when that tick,
   * or a later one, has already run somewhere.
   */
  async acquire(name: string, ttlMs: number, slot?: Date): Promise<boolean> {
    const now = new Date();
    const claim = {
      holder: this.holder,
      holderHost: this.host,
      holderPid: process.pid,
      expiresAt: new Date(now.getTime() + ttlMs),
      ...(slot ? { lastRunSlot: slot } : {}),
    };
    const free: WhereOptions = { [Op.or]: [{ expiresAt: { [Op.lt]: now } }, { holder: this.holder }] };
    const notRunYet: WhereOptions = slot ? { [Op.or]: [{ lastRunSlot: null }, { lastRunSlot: { [Op.lt]: slot } }] } : {};
    const [taken] = await JobLease.update(claim, { where: { name, [Op.and]: [free, notRunYet] } });
    if (taken > 0) return true;
    const current = await JobLease.findByPk(name);
    if (current) return this.takeOverFromDeadHolder(current, claim, notRunYet);
    try {
      await JobLease.create({ ...claim, name, lastRunSlot: slot ?? null });
      return true;
    } catch (err) {
      if (err instanceof UniqueConstraintError) return false;
      throw err;
    }
  }

  /**
   * A holder killed without releasing (kill -9, a crash) would block its own restart until the
   * lease lapses. Its pid answers for it only when it ran in this pid space; elsewhere, wait.
   */
  private async takeOverFromDeadHolder(current: JobLease, claim: Partial<JobLease>, notRunYet: WhereOptions): Promise<boolean> {
    if (current.holderHost !== this.host || current.holderPid == null || isProcessAlive(current.holderPid)) return false;
    // Conditional on the dead holder still having it: of several processes restarting at once, one wins.
    const [taken] = await JobLease.update(claim, { where: { name: current.name, holder: current.holder, [Op.and]: [notRunYet] } });
    return taken > 0;
  }

  /** Frees the lease now (it stays as a row, expired, keeping its last run slot). */
  async release(name: string): Promise<void> {
    await JobLease.update({ expiresAt: new Date(0) }, { where: { name, holder: this.holder } });
  }

  /** Who holds the lease and until when, if anyone does. */
  async current(name: string): Promise<{ holder: string; expiresAt: Date } | null> {
    const lease = await JobLease.findByPk(name);
    return lease && lease.expiresAt.getTime() > Date.now() ? { holder: lease.holder, expiresAt: lease.expiresAt } : null;
  }

  /** Runs `fn` only if the lease can be taken; answers whether it ran. */
  async runExclusive(name: string, ttlMs: number, fn: () => Promise<void>, slot?: Date): Promise<boolean> {
    if (!(await this.acquire(name, ttlMs, slot))) return false;
    try {
      await fn();
    } finally {
      await this.release(name).catch(() => undefined);
    }
    return true;
  }

  /**
   * Takes a lease for as long as this process lives, renewing it every ttl/3. Answers null when
   * another live holder has it. If the process dies, the lease lapses after `ttlMs`, or at once
   * for a process of the same host that asks for it.
   */
  async hold(name: string, ttlMs: number, onLost?: (err?: unknown) => void): Promise<HeldLease | null> {
    if (!(await this.acquire(name, ttlMs))) return null;
    let stopped = false;
    const timer = setInterval(() => {
      this.acquire(name, ttlMs).then(
        (kept) => {
          if (!kept && !stopped) onLost?.();
        },
        (err) => onLost?.(err),
      );
    }, Math.max(1000, Math.floor(ttlMs / 3)));
    timer.unref();
    return {
      name,
      release: async () => {
        stopped = true;
        clearInterval(timer);
        await this.release(name);
      },
    };
  }
}
