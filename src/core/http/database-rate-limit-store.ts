import type { ClientRateLimitInfo, IncrementResponse, Options, Store } from 'express-rate-limit';
import { QueryTypes, type Sequelize } from 'sequelize';

interface HitRow {
  hits: number | string;
  reset_ms: number | string;
}

/**
 * express-rate-limit counters in the `rate_limit_hits` table, so every instance behind a load
 * balancer counts against the same limit. One upsert per request increments the counter, or
 * starts a new window when the stored one has ended; expired rows are swept once per window.
 */
export class DatabaseRateLimitStore implements Store {
  /** Counters live outside this process. */
  readonly localKeys = false;
  private windowMs = 60_000;
  private lastSweep = 0;

  constructor(
    private readonly sequelize: Sequelize,
    readonly prefix = 'rl:',
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const [row] = await this.sequelize.query<HitRow>('SELECT hits, reset_ms FROM rate_limit_hits WHERE bucket = ? AND reset_ms > ?', {
      replacements: [this.prefix + key, Date.now()],
      type: QueryTypes.SELECT,
    });
    return row ? { totalHits: Number(row.hits), resetTime: new Date(Number(row.reset_ms)) } : undefined;
  }

  async increment(key: string): Promise<IncrementResponse> {
    const now = Date.now();
    const bucket = this.prefix + key;
    const resetMs = now + this.windowMs;
    this.sweep(now);
    const upsert =
      this.sequelize.getDialect() === 'sqlite'
        ? `INSERT INTO rate_limit_hits (bucket, hits, reset_ms) VALUES (?, 1, ?)
           ON CONFLICT(bucket) DO UPDATE SET
             hits = CASE WHEN reset_ms <= ? THEN 1 ELSE hits + 1 END,
             reset_ms = CASE WHEN reset_ms <= ? THEN excluded.reset_ms ELSE reset_ms END`
        : // MySQL assigns left to right; hits comes first and leaves reset_ms alone, so both lines test the old window.
          `INSERT INTO rate_limit_hits (bucket, hits, reset_ms) VALUES (?, 1, ?)
           ON DUPLICATE KEY UPDATE
             hits = IF(reset_ms <= ?, 1, hits + 1),
             reset_ms = IF(reset_ms <= ?, VALUES(reset_ms), reset_ms)`;
    // The upsert locks the row until commit, so the SELECT reads this request's own count.
    const row = await this.sequelize.transaction(async (transaction) => {
      await this.sequelize.query(upsert, { replacements: [bucket, resetMs, now, now], transaction });
      const [current] = await this.sequelize.query<HitRow>('SELECT hits, reset_ms FROM rate_limit_hits WHERE bucket = ?', {
        replacements: [bucket],
        type: QueryTypes.SELECT,
        transaction,
      });
      return current;
    });
    return { totalHits: Number(row.hits), resetTime: new Date(Number(row.reset_ms)) };
  }

  async decrement(key: string): Promise<void> {
    await this.sequelize.query('UPDATE rate_limit_hits SET hits = hits - 1 WHERE bucket = ? AND hits > 0', { replacements: [this.prefix + key] });
  }

  async resetKey(key: string): Promise<void> {
    await this.sequelize.query('DELETE FROM rate_limit_hits WHERE bucket = ?', { replacements: [this.prefix + key] });
  }

  /** Drops ended windows, at most once per window and without holding up the request. */
  private sweep(now: number): void {
    if (now - this.lastSweep < this.windowMs) return;
    this.lastSweep = now;
    this.sequelize.query('DELETE FROM rate_limit_hits WHERE reset_ms < ?', { replacements: [now - this.windowMs] }).catch(() => undefined);
  }
}
