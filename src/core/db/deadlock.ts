/** MySQL/MariaDB chose this transaction as a deadlock's victim and rolled it back: it may simply run again. */
export function isDeadlock(err: unknown): boolean {
  const cause = (err as { parent?: { code?: string; errno?: number }; original?: { code?: string; errno?: number } })?.parent ?? (err as { original?: { code?: string } })?.original;
  return cause?.code === 'ER_LOCK_DEADLOCK' || (cause as { errno?: number } | undefined)?.errno === 1213;
}
