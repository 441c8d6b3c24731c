import { ForbiddenError, type Principal } from '../../src/index.ts';

/** Who uploaded: the caller, unless an admin token names someone else. */
export function resolveUploader(principal: Principal, requested: string | undefined): string {
  if (requested === undefined || requested === principal.name) return principal.name;
  if (!principal.isAdmin) throw new ForbiddenError('Only an admin token may set uploaded_by to someone else.');
  return requested;
}
