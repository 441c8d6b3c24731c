import { CORE, inject, injectable, UnavailableError, type CoreConfig } from '../../src/index.ts';

/**
 * At most `limit` transforms run at once. A request past the bound waits in line up to
 * `waitMs`; then it gets 503 with Retry-After rather than piling more work on a busy server.
 */
@injectable()
export class TransformSlots {
  readonly limit: number;
  private readonly waitMs: number;
  private running = 0;
  private readonly waiting: Array<{ grant: () => void }> = [];

  constructor(@inject(CORE.config) config: CoreConfig) {
    this.limit = config.images.transformConcurrency;
    this.waitMs = config.images.queueTimeoutMs;
  }

  /** `waitMs: Infinity` is for background work (thumbnail regeneration), which should wait its turn. */
  async run<T>(work: () => Promise<T>, options: { waitMs?: number } = {}): Promise<T> {
    await this.acquire(options.waitMs ?? this.waitMs);
    try {
      return await work();
    } finally {
      this.release();
    }
  }

  stats(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  private acquire(waitMs: number): Promise<void> {
    if (this.running < this.limit) {
      this.running += 1;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const entry = {
        grant: () => {
          clearTimeout(timer);
          this.running += 1;
          resolve();
        },
      };
      const timer = setTimeout(() => {
        const at = this.waiting.indexOf(entry);
        if (at !== -1) this.waiting.splice(at, 1);
        reject(new UnavailableError('Too many images are being resized right now; try again shortly.', Math.max(1, Math.ceil(this.waitMs / 1000))));
      }, Math.min(waitMs, 2 ** 31 - 1));
      if (waitMs === Infinity) clearTimeout(timer);
      this.waiting.push(entry);
    });
  }

  private release(): void {
    this.running -= 1;
    this.waiting.shift()?.grant();
  }
}
