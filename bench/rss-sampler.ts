import fs from 'node:fs';

/** Resident set size of a process, read from /proc (Linux); 0 where unavailable. */
export function rssOf(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/** Samples a process's RSS every 100 ms; `window()` starts a new peak measurement. */
export class RssSampler {
  private timer: NodeJS.Timeout;
  private peak = 0;

  constructor(private readonly pid: number) {
    this.timer = setInterval(() => {
      this.peak = Math.max(this.peak, rssOf(this.pid));
    }, 100);
  }

  /** Starts a measurement; the function answers RSS at its start and the peak since. */
  window(): { start: number; end: () => { start: number; peak: number; end: number } } {
    const start = rssOf(this.pid);
    this.peak = start;
    return {
      start,
      end: () => {
        const end = rssOf(this.pid);
        this.peak = Math.max(this.peak, end);
        return { start, peak: this.peak, end };
      },
    };
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
