import { parentPort, Worker } from 'node:worker_threads';
import { UnavailableError } from '../errors/errors.ts';

import { RUNNING_BUILT } from '../code-root.ts';

const BOOTSTRAP = new URL('./ts-worker-bootstrap.mjs', import.meta.url);

interface Job<Out> {
  resolve(value: Out): void;
  reject(error: unknown): void;
}

type Reply<Out> = { id: number; ok: true; value: Out } | { id: number; ok: false; message: string };

/**
 * Runs CPU-bound work on one long-lived worker thread, so the event loop keeps serving while it
 * runs. Jobs queue on the worker in order; one that exceeds `timeoutMs` ends the worker (and the
 * jobs queued behind it), and the next job starts a fresh one.
 */
export class WorkerTask<In, Out> {
  private worker: Worker | null = null;
  private readonly jobs = new Map<number, Job<Out>>();
  private nextId = 1;

  constructor(
    private readonly entry: URL,
    private readonly timeoutMs: number,
  ) {}

  run(input: In): Promise<Out> {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise<Out>((resolve, reject) => {
      const timer = setTimeout(() => this.fail(new UnavailableError(`A background task took longer than ${this.timeoutMs} ms.`)), this.timeoutMs);
      timer.unref();
      this.jobs.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      worker.postMessage({ id, input });
    });
  }

  async stop(): Promise<void> {
    const worker = this.worker;
    this.fail(new UnavailableError('The server is stopping.'));
    await worker?.terminate();
  }

  private start(): Worker {
    // Built, the entry is plain JavaScript beside us; from the sources, tsx must load it.
    const worker = RUNNING_BUILT
      ? new Worker(new URL(this.entry.href.replace(/\.ts$/, '.js')))
      : new Worker(BOOTSTRAP, { workerData: { entry: this.entry.href } });
    // An idle worker must not keep the process alive.
    worker.unref();
    worker.on('message', (reply: Reply<Out>) => {
      const job = this.jobs.get(reply.id);
      this.jobs.delete(reply.id);
      if (!job) return;
      if (reply.ok) job.resolve(reply.value);
      else job.reject(new Error(reply.message));
    });
    worker.on('error', (err) => this.fail(err));
    worker.on('exit', () => {
      if (this.worker === worker) this.fail(new UnavailableError('A background worker stopped.'));
    });
    this.worker = worker;
    return worker;
  }

  private fail(error: unknown): void {
    const worker = this.worker;
    this.worker = null;
    void worker?.terminate();
    const jobs = [...this.jobs.values()];
    this.jobs.clear();
    for (const job of jobs) job.reject(error);
  }
}

/** The worker side: answers each job with `handle`'s result. Call it once in the worker's entry file. */
export function serveWorkerTask<In, Out>(handle: (input: In) => Out | Promise<Out>): void {
  if (!parentPort) throw new Error('serveWorkerTask runs only inside a worker thread.');
  const port = parentPort;
  port.on('message', async ({ id, input }: { id: number; input: In }) => {
    try {
      port.postMessage({ id, ok: true, value: await handle(input) });
    } catch (err) {
      port.postMessage({ id, ok: false, message: (err as Error)?.message ?? String(err) });
    }
  });
}
