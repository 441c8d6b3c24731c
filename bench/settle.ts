import fs from 'node:fs';
import { performance } from 'node:perf_hooks';

function cpuTicks(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/**
 * Waits until the server has finished the work a scenario left behind (requests autocannon
 * stopped waiting for keep running in the server and the database): its CPU is idle and
 * /readyz, which needs a database connection, answers quickly. Gives up after `maxMs`.
 */
export async function settle(baseUrl: string, pid: number, maxMs = 120_000): Promise<number> {
  const started = performance.now();
  let quiet = 0;
  while (performance.now() - started < maxMs && quiet < 2) {
    const before = cpuTicks(pid);
    await new Promise((r) => setTimeout(r, 500));
    const busy = (cpuTicks(pid) - before) / 100 / 0.5;
    const t0 = performance.now();
    const ready = await fetch(`${baseUrl}/readyz`).then((r) => r.ok, () => false);
    const readyMs = performance.now() - t0;
    quiet = busy < 0.15 && ready && readyMs < 100 ? quiet + 1 : 0;
  }
  return performance.now() - started;
}
