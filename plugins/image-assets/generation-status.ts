import { ConflictError } from '../../src/index.ts';
import type { GenerationStatus } from './generation.model.ts';

// Every forward move is allowed: many generators report only the final state.
const NEXT: Record<GenerationStatus, GenerationStatus[]> = {
  pending: ['generating', 'completed', 'failed', 'cancelled'],
  generating: ['completed', 'failed', 'cancelled'],
  completed: [],
  failed: [],
  cancelled: [],
};

export const FINAL_STATUSES: GenerationStatus[] = ['completed', 'failed', 'cancelled'];

export function canMove(from: GenerationStatus, to: GenerationStatus): boolean {
  return from === to || NEXT[from].includes(to);
}

/** Moves forward only: pending -> generating | final, generating -> final. Staying put is allowed. */
export function assertStatusMove(from: GenerationStatus, to: GenerationStatus): void {
  if (canMove(from, to)) return;
  const why = FINAL_STATUSES.includes(from) ? `${from} is a final state` : 'a generation never moves back';
  throw new ConflictError(`A generation cannot move from ${from} to ${to}: ${why}.`, { from, to });
}
