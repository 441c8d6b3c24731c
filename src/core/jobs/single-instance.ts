import type { HeldLease, LeaseService } from './lease.service.ts';

/** Raised at start when a single-instance mode is already in use by another live instance. */
export class SingleInstanceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SingleInstanceError';
  }
}

/**
 * Claims `name` for this process while it runs (a lease renewed by a heartbeat), or throws
 * SingleInstanceError with `explain(holder, until)` when another live instance holds it.
 * A crashed holder's claim lapses after `ttlMs`.
 */
export async function claimSingleInstance(
  leases: LeaseService,
  name: string,
  ttlMs: number,
  explain: (holder: string, until: Date) => string,
  onLost: () => void,
): Promise<HeldLease> {
  const held = await leases.hold(`instance:${name}`, ttlMs, onLost);
  if (held) return held;
  const current = await leases.current(`instance:${name}`);
  throw new SingleInstanceError(explain(current?.holder ?? 'unknown', current?.expiresAt ?? new Date(Date.now() + ttlMs)));
}
