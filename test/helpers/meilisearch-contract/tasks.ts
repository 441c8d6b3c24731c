import { MeiliError, type MeiliErrorBody } from './errors.ts';

export type TaskStatus = 'enqueued' | 'processing' | 'succeeded' | 'failed';

export interface Task {
  uid: number;
  batchUid: number | null;
  indexUid: string | null;
  status: TaskStatus;
  type: string;
  canceledBy: null;
  details: Record<string, unknown>;
  error: MeiliErrorBody | null;
  duration: string | null;
  enqueuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

interface Queued {
  task: Task;
  run: () => Record<string, unknown> | void;
}

/**
 * Meilisearch's task queue: a write answers 202 with an enqueued task, and the tasks run one by
 * one, each visibly `enqueued`, then `processing`, then `succeeded` or `failed` with an error body.
 * Every step waits for the event loop, so a client that does not poll for the task sees the old state.
 */
export class TaskQueue {
  private readonly tasks: Task[] = [];
  private readonly waiting: Queued[] = [];
  private running = false;
  private nextBatch = 0;

  enqueue(type: string, indexUid: string | null, details: Record<string, unknown>, run: Queued['run']) {
    const task: Task = {
      uid: this.tasks.length,
      batchUid: null,
      indexUid,
      status: 'enqueued',
      type,
      canceledBy: null,
      details,
      error: null,
      duration: null,
      enqueuedAt: new Date().toISOString(),
      startedAt: null,
      finishedAt: null,
    };
    this.tasks.push(task);
    this.waiting.push({ task, run });
    this.kick();
    return { taskUid: task.uid, indexUid, status: task.status, type, enqueuedAt: task.enqueuedAt };
  }

  get(uid: number): Task | undefined {
    return this.tasks[uid];
  }

  /** Resolves when every task enqueued so far has finished. */
  async idle(): Promise<void> {
    while (this.running || this.waiting.length > 0) await new Promise((resolve) => setImmediate(resolve));
  }

  private kick(): void {
    if (this.running) return;
    this.running = true;
    setImmediate(() => this.step());
  }

  private step(): void {
    const next = this.waiting.shift();
    if (!next) {
      this.running = false;
      return;
    }
    const { task } = next;
    task.status = 'processing';
    task.batchUid = this.nextBatch++;
    task.startedAt = new Date().toISOString();
    setImmediate(() => {
      try {
        Object.assign(task.details, next.run() ?? {});
        task.status = 'succeeded';
      } catch (err) {
        if (!(err instanceof MeiliError)) throw err;
        task.status = 'failed';
        task.error = err.body;
      }
      task.finishedAt = new Date().toISOString();
      task.duration = `PT${(Date.parse(task.finishedAt) - Date.parse(task.startedAt!)) / 1000}S`;
      setImmediate(() => this.step());
    });
  }
}
