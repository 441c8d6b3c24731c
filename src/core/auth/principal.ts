import { ForbiddenError, NotFoundError } from '../errors/errors.ts';

/** Who is making a request: the admin token, an admin session, or an API key. */
export interface Principal {
  kind: 'admin' | 'api-key';
  id: string;
  name: string;
  /** Projects this principal may see; null means every project. */
  projectIds: string[] | null;
  canWrite: boolean;
  /** Whether it may reach the shared media library and tag vocabulary (/api/media-assets, /api/tags). */
  mediaLibrary: boolean;
  isAdmin: boolean;
}

export function canSeeProject(principal: Principal, projectId: string): boolean {
  return principal.projectIds === null || principal.projectIds.includes(projectId);
}

/**
 * Out-of-scope projects answer exactly like missing ones, so a scoped token
 * learns nothing about what exists outside its projects.
 */
export function assertProjectAccess(principal: Principal, projectId: string, what = 'Project', id = projectId): void {
  if (!canSeeProject(principal, projectId)) throw new NotFoundError(what, id);
}

export function assertCanWrite(principal: Principal): void {
  if (!principal.canWrite) throw new ForbiddenError('This token is read-only.');
}

/**
 * The media library and the tag vocabulary are shared by every project, so a key limited to
 * projects reaches them only with the explicit media-library grant.
 */
export function assertMediaLibraryAccess(principal: Principal): void {
  if (!principal.mediaLibrary) {
    throw new ForbiddenError(
      'This key has no media-library grant: /api/media-assets and /api/tags are shared by every project. Use /api/v1/projects/{id}/tags for a project\'s tags, or create a key with the media-library grant.',
    );
  }
}
