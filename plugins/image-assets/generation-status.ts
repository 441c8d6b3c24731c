import { ConflictError } from '../../src/index.ts';
import type { GenerationStatus } from './generation.model.ts';

const NEXT: Record<GenerationStatus, GenerationStatus[]> = {
  pending: ['generating', 'cancelled'],
  generating: ['completed', 'failed', 'cancelled'],
  completed: [],
  failed: [],
  cancelled: [],
};

/** pending -> generating -> completed | failed | cancelled, and pending -> cancelled. Staying put is allowed. */
export function assertStatusMove(from: GenerationStatus, to: GenerationStatus): void {
  if (from === to || NEXT[from].includes(to)) return;
  throw new ConflictError(`A generation cannot move from ${from} to ${to}.`, { from, to });
}
