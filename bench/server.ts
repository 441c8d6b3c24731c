import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from '../test/helpers/server-process.ts';

export interface BenchServer {
  child: ChildProcess;
  pid: number;
  url: string;
  logFile: string;
  stop(): Promise<void>;
}

/** The server as `npm start` runs it (built once, then `node .build/src/main.js`), output to a log file, ready once /healthz answers. */
export async function startBenchServer(env: Record<string, string>, dataDir: string, cpuProfileDir?: string, timeoutMs = 15 * 60_000): Promise<BenchServer> {
  const port = await freePort();
  const logFile = path.join(dataDir, 'server.log');
  const log = fs.openSync(logFile, 'a');
  const profiling = cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(cpuProfileDir)}`] : [];
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  const child = spawn(process.execPath, [...profiling, '.build/src/main.js'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', log, log],
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early (${child.exitCode}); see ${logFile}:\n${fs.readFileSync(logFile, 'utf8').slice(-3000)}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not answer /healthz within ${timeoutMs} ms; see ${logFile}`);
    }
    const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    child,
    pid: child.pid as number,
    url,
    logFile,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      fs.closeSync(log);
    },
  };
}
