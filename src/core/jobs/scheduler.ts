import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';
import type { LeaseService } from './lease.service.ts';

export interface JobDefinition {
  /** Unique across plugins; also the lease name. */
  name: string;
  /** A node-cron expression (five or six fields). */
  schedule: string;
  run(): Promise<void>;
  /**
   * `cluster` (the default): each tick runs on one instance only, guarded by a database lease
   * that also records the tick (a crashed holder's lease expires after `leaseMs`).
   * `instance`: runs on every instance (for work on local state).
   */
  scope?: 'cluster' | 'instance';
  /** How long the lease holds before another instance may take over; default 15 minutes. */
  leaseMs?: number;
}

/** Cron jobs contributed by plugins. They run only in server mode, never in the CLI. */
export class JobScheduler {
  private readonly jobs = new Map<string, JobDefinition>();
  private readonly tasks: ScheduledTask[] = [];
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    private readonly leases: LeaseService,
    private readonly logger: Logger,
  ) {}

  schedule(job: JobDefinition): void {
    if (this.jobs.has(job.name)) throw new Error(`A job named "${job.name}" is already scheduled.`);
    if (!cron.validate(job.schedule)) throw new Error(`Job "${job.name}": "${job.schedule}" is not a valid cron expression.`);
    this.jobs.set(job.name, job);
  }

  list(): JobDefinition[] {
    return [...this.jobs.values()];
  }

  /** Runs a job now, honouring its lease; answers whether it ran. */
  async runNow(name: string): Promise<boolean> {
    const job = this.jobs.get(name);
    if (!job) throw new Error(`No job named "${name}".`);
    return this.execute(job);
  }

  start(): void {
    for (const job of this.jobs.values()) {
      this.tasks.push(
        cron.schedule(
          job.schedule,
          async (context) => {
            // The tick's scheduled second: instances firing it a few ms apart agree on it.
            const slot = new Date(Math.floor(context.date.getTime() / 1000) * 1000);
            const run = this.execute(job, slot);
            this.running.add(run);
            await run.finally(() => this.running.delete(run));
          },
          { name: job.name, noOverlap: true },
        ),
      );
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.tasks.map((task) => task.destroy()));
    this.tasks.length = 0;
    await Promise.allSettled([...this.running]);
  }

  private async execute(job: JobDefinition, slot?: Date): Promise<boolean> {
    const started = Date.now();
    try {
      const ran =
        job.scope === 'instance'
          ? (await job.run(), true)
          : await this.leases.runExclusive(`job:${job.name}`, job.leaseMs ?? 15 * 60_000, job.run, slot);
      if (ran) this.logger.info({ job: job.name, ms: Date.now() - started }, 'job finished');
      else this.logger.debug({ job: job.name }, 'job skipped: another instance holds its lease');
      return ran;
    } catch (err) {
      this.logger.error({ err, job: job.name }, 'job failed');
      return false;
    }
  }
}
