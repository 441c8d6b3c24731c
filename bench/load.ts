import autocannon from 'autocannon';

export interface LoadRequest {
  method?: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Socket errors and timeouts. */
  errors: number;
  non2xx: number;
  statusCodes: Record<string, number>;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * Drives `baseUrl` for `durationSeconds` over `connections` keep-alive connections. `next(n)`
 * gives the n-th request, so ids and parameters rotate. Latencies are recorded per response
 * (autocannon's own summary has no p95).
 */
export async function drive(options: {
  baseUrl: string;
  connections: number;
  durationSeconds: number;
  headers?: Record<string, string>;
  next: (n: number) => LoadRequest;
  /** Stop after this many requests (for scenarios whose parameters must not repeat). */
  amount?: number;
}): Promise<LoadResult> {
  let counter = 0;
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  const instance = autocannon({
    url: options.baseUrl,
    connections: options.connections,
    duration: options.durationSeconds,
    ...(options.amount ? { amount: options.amount } : {}),
    headers: options.headers,
    timeout: 60,
    requests: [
      {
        setupRequest: (request: Record<string, unknown>) => {
          const r = options.next(counter++);
          return {
            ...request,
            method: r.method ?? 'GET',
            path: r.path,
            headers: { ...(request.headers as object), ...(r.body ? { 'content-type': 'application/json' } : {}), ...r.headers },
            body: r.body,
          };
        },
      },
    ],
  });
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
    statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
  });
  const result = await instance;
  latencies.sort((a, b) => a - b);
  const seconds = result.duration || options.durationSeconds;
  const non2xx = Object.entries(statusCodes)
    .filter(([code]) => !code.startsWith('2'))
    .reduce((sum, [, n]) => sum + n, 0);
  return {
    requests: latencies.length,
    rps: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? 0,
    errors: result.errors + result.timeouts,
    non2xx,
    statusCodes,
  };
}
