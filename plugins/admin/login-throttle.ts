import { createHash } from 'node:crypto';
import { injectable } from '../../src/index.ts';
import { AdminLoginFailure } from './admin-account.model.ts';

/** Failures allowed before sign-in is refused for a while. */
export const FREE_ATTEMPTS = 5;
/** Failures older than this are forgotten. */
const WINDOW_MS = 15 * 60_000;
const MAX_LOCK_MS = 15 * 60_000;

const keyOf = (email: string, ip: string) => createHash('sha256').update(`${String(email).trim().toLowerCase()}|${ip}`).digest('hex');

/**
 * Slows down password guessing per email and IP. Counters live in the database so every
 * instance sees the same count. After FREE_ATTEMPTS failures each further attempt waits
 * twice as long as the last (1 s, 2 s, 4 s ... up to 15 minutes).
 */
@injectable()
export class LoginThrottle {
  /** Seconds to wait before the next attempt is allowed, or 0. */
  async retryAfterSeconds(email: string, ip: string, now = Date.now()): Promise<number> {
    const row = await AdminLoginFailure.findByPk(keyOf(email, ip));
    if (!row || now - row.lastFailureAt.getTime() > WINDOW_MS || row.failures < FREE_ATTEMPTS) return 0;
    const lockMs = Math.min(1000 * 2 ** (row.failures - FREE_ATTEMPTS), MAX_LOCK_MS);
    const waitMs = row.lastFailureAt.getTime() + lockMs - now;
    return waitMs > 0 ? Math.ceil(waitMs / 1000) : 0;
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    const id = keyOf(email, ip);
    const now = new Date();
    const row = await AdminLoginFailure.findByPk(id);
    if (row && now.getTime() - row.lastFailureAt.getTime() > WINDOW_MS) {
      await row.update({ failures: 1, lastFailureAt: now });
      return;
    }
    if (row) {
      await AdminLoginFailure.increment('failures', { by: 1, where: { id } });
      await AdminLoginFailure.update({ lastFailureAt: now }, { where: { id } });
      return;
    }
    try {
      await AdminLoginFailure.create({ id, failures: 1, lastFailureAt: now });
    } catch (err) {
      if ((err as Error).name !== 'SequelizeUniqueConstraintError') throw err;
      await AdminLoginFailure.increment('failures', { by: 1, where: { id } });
    }
  }

  async reset(email: string, ip: string): Promise<void> {
    await AdminLoginFailure.destroy({ where: { id: keyOf(email, ip) } });
  }
}
