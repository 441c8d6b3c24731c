import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { inject, injectable } from 'inversify';
import type { CoreConfig } from '../config/env.ts';
import { ExpiringLru } from '../cache/expiring-lru.ts';
import { NotFoundError, RateLimitedError } from '../errors/errors.ts';
import { ApiKey } from './api-key.model.ts';
import type { Principal } from './principal.ts';
import { CORE } from '../tokens.ts';

export interface ApiKeyView {
  id: string;
  name: string;
  token_prefix: string;
  project_ids: string[] | null;
  can_write: boolean;
  media_library: boolean;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface CreateApiKeyInput {
  name: string;
  projectIds?: string[] | null;
  canWrite?: boolean;
  /** Defaults to true for a key of every project and false for a key limited to projects. */
  mediaLibrary?: boolean;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

function sameSecret(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right);
}

export function toApiKeyView(key: ApiKey): ApiKeyView {
  return {
    id: key.id,
    name: key.name,
    token_prefix: key.tokenPrefix,
    project_ids: key.projectIds,
    can_write: key.canWrite,
    media_library: key.mediaLibrary,
    created_at: key.createdAt.toISOString(),
    last_used_at: key.lastUsedAt?.toISOString() ?? null,
    revoked_at: key.revokedAt?.toISOString() ?? null,
  };
}

/**
 * API keys are random 32-byte tokens. Only their SHA-256 is stored: the tokens carry
 * 256 bits of entropy, so a fast hash is enough and lookups stay a single indexed read.
 */
@injectable()
export class ApiKeyService {
  /** Refused tokens per client address in the current minute; bounded so a botnet cannot grow it without end. */
  private readonly failures = new ExpiringLru<{ count: number; resetAt: number }>(50_000, 60_000);

  constructor(@inject(CORE.config) private readonly config: CoreConfig) {}

  /**
   * authenticate() for a request from `address`: once an address has had too many tokens refused
   * this minute, it gets 429 before any lookup, so guessing costs the database nothing.
   */
  async authenticateFrom(token: string, address: string): Promise<Principal | undefined> {
    const limit = this.config.auth.authFailuresPerMinute;
    if (limit === 0) return this.authenticate(token);
    const now = Date.now();
    const seen = this.failures.get(address);
    if (seen && seen.resetAt > now && seen.count >= limit) {
      const admin = this.adminPrincipal(token);
      if (admin) return admin;
      throw new RateLimitedError(Math.ceil((seen.resetAt - now) / 1000));
    }
    const principal = await this.authenticate(token);
    if (!principal) {
      const current = seen && seen.resetAt > now ? seen : { count: 0, resetAt: now + 60_000 };
      this.failures.set(address, { count: current.count + 1, resetAt: current.resetAt });
    }
    return principal;
  }

  async create(input: CreateApiKeyInput): Promise<{ token: string; key: ApiKeyView }> {
    const token = `af_${randomBytes(32).toString('base64url')}`;
    const projectIds = input.projectIds && input.projectIds.length > 0 ? [...new Set(input.projectIds)] : null;
    const key = await ApiKey.create({
      id: randomUUID(),
      name: input.name,
      tokenHash: hashToken(token),
      tokenPrefix: token.slice(0, 10),
      projectIds,
      canWrite: input.canWrite ?? false,
      mediaLibrary: input.mediaLibrary ?? projectIds === null,
      lastUsedAt: null,
      revokedAt: null,
    });
    return { token, key: toApiKeyView(key) };
  }

  async list(): Promise<ApiKeyView[]> {
    const keys = await ApiKey.findAll({ order: [['createdAt', 'ASC']] });
    return keys.map(toApiKeyView);
  }

  async revoke(id: string): Promise<ApiKeyView> {
    const key = await ApiKey.findByPk(id);
    if (!key) throw new NotFoundError('API key', id);
    if (!key.revokedAt) await key.update({ revokedAt: new Date() });
    return toApiKeyView(key);
  }

  private adminPrincipal(token: string): Principal | undefined {
    const adminToken = this.config.auth.adminToken;
    if (!adminToken || !sameSecret(token, adminToken)) return undefined;
    return { kind: 'admin', id: 'admin-token', name: 'admin', projectIds: null, canWrite: true, mediaLibrary: true, isAdmin: true };
  }

  /** Resolves a bearer token to a principal, or undefined when it is not valid. */
  async authenticate(token: string): Promise<Principal | undefined> {
    const admin = this.adminPrincipal(token);
    if (admin) return admin;
    if (!token.startsWith('af_')) return undefined;
    const key = await ApiKey.findOne({ where: { tokenHash: hashToken(token) } });
    if (!key || key.revokedAt) return undefined;
    // A coarse last-used stamp is enough, and avoids a write on every request.
    if (!key.lastUsedAt || Date.now() - key.lastUsedAt.getTime() > 60_000) {
      void ApiKey.update({ lastUsedAt: new Date() }, { where: { id: key.id } }).catch(() => undefined);
    }
    return {
      kind: 'api-key',
      id: key.id,
      name: key.name,
      projectIds: key.projectIds,
      canWrite: key.canWrite,
      mediaLibrary: key.mediaLibrary,
      isAdmin: false,
    };
  }
}
