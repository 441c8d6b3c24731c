import { CORE, inject, injectable, UnavailableError, type CoreConfig } from '../../src/index.ts';
import { BACKGROUND_CLIENT } from './image-client.ts';

interface Waiting {
  client: string;
  grant: () => void;
}

/**
 * At most `limit` transforms run at once, and at most `perClient` of them for one client (token or
 * address, see image-client.ts), so a client flooding cold transforms leaves slots for everyone
 * else. Past either bound a request waits in its client's line up to `waitMs`, then gets 503 with
 * Retry-After rather than piling more work on a busy server. A freed slot goes to the clients in
 * turn (round robin), not to whoever queued first: one client's hundred queued requests delay
 * another's one by a single transform, not by a hundred.
 */
@injectable()
export class TransformSlots {
  readonly limit: number;
  readonly perClient: number;
  private readonly waitMs: number;
  private running = 0;
  private readonly runningBy = new Map<string, number>();
  /** Each client's line; the Map's order is the turn order (a client served moves to the back). */
  private readonly lines = new Map<string, Waiting[]>();
  private waitingCount = 0;

  constructor(@inject(CORE.config) config: CoreConfig) {
    this.limit = config.images.transformConcurrency;
    this.perClient = config.images.transformsPerClient;
    this.waitMs = config.images.queueTimeoutMs;
  }

  /** `waitMs: Infinity` is for background work (thumbnail regeneration), which should wait its turn. */
  async run<T>(work: () => Promise<T>, options: { waitMs?: number; client?: string } = {}): Promise<T> {
    const client = options.client ?? BACKGROUND_CLIENT;
    await this.acquire(client, options.waitMs ?? this.waitMs);
    try {
      return await work();
    } finally {
      this.release(client);
    }
  }

  stats(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waitingCount };
  }

  private acquire(client: string, waitMs: number): Promise<void> {
    // Nobody who could take a free slot is waiting (release hands them out at once), so no one is overtaken.
    if (this.canStart(client)) {
      this.start(client);
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const entry: Waiting = {
        client,
        grant: () => {
          clearTimeout(timer);
          this.start(client);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.leaveLine(entry);
        reject(new UnavailableError('Too many images are being resized right now; try again shortly.', Math.max(1, Math.ceil(this.waitMs / 1000))));
      }, Math.min(waitMs, 2 ** 31 - 1));
      if (waitMs === Infinity) clearTimeout(timer);
      const line = this.lines.get(client);
      if (line) line.push(entry);
      else this.lines.set(client, [entry]);
      this.waitingCount += 1;
    });
  }

  private canStart(client: string): boolean {
    return this.running < this.limit && (this.runningBy.get(client) ?? 0) < this.perClient;
  }

  private start(client: string): void {
    this.running += 1;
    this.runningBy.set(client, (this.runningBy.get(client) ?? 0) + 1);
  }

  private release(client: string): void {
    this.running -= 1;
    const left = (this.runningBy.get(client) ?? 1) - 1;
    if (left === 0) this.runningBy.delete(client);
    else this.runningBy.set(client, left);
    this.dispatch();
  }

  /** Hands free slots to the first clients in turn order that are under their own bound. */
  private dispatch(): void {
    while (this.running < this.limit) {
      const next = [...this.lines.keys()].find((client) => (this.runningBy.get(client) ?? 0) < this.perClient);
      if (next === undefined) return;
      const line = this.lines.get(next)!;
      const entry = line.shift()!;
      this.lines.delete(next);
      if (line.length > 0) this.lines.set(next, line);
      this.waitingCount -= 1;
      entry.grant();
    }
  }

  private leaveLine(entry: Waiting): void {
    const line = this.lines.get(entry.client);
    const at = line?.indexOf(entry) ?? -1;
    if (!line || at === -1) return;
    line.splice(at, 1);
    this.waitingCount -= 1;
    if (line.length === 0) this.lines.delete(entry.client);
  }
}
