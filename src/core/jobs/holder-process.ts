import fs from 'node:fs';
import os from 'node:os';

/**
 * Names the space this process's pid is counted in: the host name and, on Linux, the PID namespace.
 * Containers can share a host name (host networking) while numbering their processes apart; a pid
 * only says whether a holder is alive when both sides count in the same space.
 */
export function pidSpace(): string {
  let namespace = '';
  try {
    namespace = fs.readlinkSync('/proc/self/ns/pid');
  } catch {
    // Not Linux: the host name alone.
  }
  return (namespace ? `${os.hostname()} ${namespace}` : os.hostname()).slice(0, 255);
}

/** Whether a process with this pid runs here. EPERM means it does, under another user. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
