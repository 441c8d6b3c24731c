export interface HealthCheck {
  /** Shown in /readyz: `database`, `search`, `storage`. */
  name: string;
  check(): Promise<void>;
}

export interface HealthReport {
  ok: boolean;
  checks: Record<string, { status: 'ok' | 'failing'; error?: string; ms: number }>;
}

/** Readiness checks contributed by the core and by plugins; /readyz runs them all. */
export class HealthRegistry {
  private readonly checks: HealthCheck[] = [];

  add(check: HealthCheck): void {
    this.checks.push(check);
  }

  async run(timeoutMs = 2000): Promise<HealthReport> {
    const entries = await Promise.all(
      this.checks.map(async (c) => {
        const started = Date.now();
        let timer: NodeJS.Timeout | undefined;
        try {
          await Promise.race([
            c.check(),
            new Promise((_, reject) => {
              timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
            }),
          ]);
          return [c.name, { status: 'ok' as const, ms: Date.now() - started }] as const;
        } catch (err) {
          return [c.name, { status: 'failing' as const, error: (err as Error).message, ms: Date.now() - started }] as const;
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    const checks = Object.fromEntries(entries);
    return { ok: entries.every(([, r]) => r.status === 'ok'), checks };
  }
}
