import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { HttpLimits } from '../config/env.ts';
import { boundUnauthenticatedConnections } from './connection-guard.ts';

export interface RunningServer {
  server: http.Server;
  port: number;
  /** Stops accepting connections and waits for in-flight requests, up to `timeoutMs`. */
  close(timeoutMs: number): Promise<void>;
}

export async function listen(app: Express, port: number, host: string, limits: HttpLimits): Promise<RunningServer> {
  // Timeouts are checked on this interval; Node's default of 30 s would let a stalled client outlive them.
  const server = http.createServer({ connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs) }, app);
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  // A socket that sends nothing for this long is closed; a stalled upload then aborts and its partial file goes.
  server.timeout = limits.idleTimeoutMs;
  boundUnauthenticatedConnections(server, limits.maxUnauthenticatedConnections);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: (timeoutMs) =>
      new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), timeoutMs);
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
