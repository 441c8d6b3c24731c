import { ConfigError } from '../../src/core/config/env.ts';

/**
 * The Meilisearch versions this adapter is tested against (at both ends, by the contract server in
 * the test suite): docker-compose.yml pins one of them. A newer minor may change a request shape
 * (1.18 added `rename` to swaps), so it is refused until it is tested and added here.
 */
export const SUPPORTED_MEILISEARCH = { oldest: '1.16.0', newest: '1.18', label: '1.16.0 to 1.18.x' } as const;

function parts(version: string): [number, number, number] | undefined {
  const m = version.match(/^v?(\d+)\.(\d+)(?:\.(\d+))?/);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined;
}

function compare(a: [number, number, number], b: [number, number, number]): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** Throws a configuration error naming the supported range when the server's version is outside it. */
export function checkMeilisearchVersion(pkgVersion: unknown, host: string): void {
  const found = typeof pkgVersion === 'string' ? parts(pkgVersion) : undefined;
  const oldest = parts(SUPPORTED_MEILISEARCH.oldest)!;
  const [major, minor] = parts(SUPPORTED_MEILISEARCH.newest)!;
  if (found && compare(found, oldest) >= 0 && compare(found, [major, minor, Number.MAX_SAFE_INTEGER]) <= 0) return;
  throw new ConfigError([
    `MEILISEARCH_URL: the Meilisearch at ${host} is version ${String(pkgVersion)}; this version of asset-forge supports Meilisearch ${SUPPORTED_MEILISEARCH.label}.`,
  ]);
}
