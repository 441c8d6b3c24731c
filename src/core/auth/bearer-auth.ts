import type { RequestHandler } from 'express';
import { UnauthorizedError } from '../errors/errors.ts';
import type { ApiKeyService } from './api-key.service.ts';
import { markAuthenticated } from '../http/connection-guard.ts';
import '../http/express-augment.ts';

function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/** Requires a valid bearer token and records who made the request. */
export function requireBearer(apiKeys: ApiKeyService): RequestHandler {
  return async (req, _res, next) => {
    const token = bearerToken(req.headers.authorization);
    if (!token) throw new UnauthorizedError(req.headers.authorization ? 'The Authorization header must be "Bearer <token>".' : undefined);
    const principal = await apiKeys.authenticateFrom(token, req.ip ?? req.socket.remoteAddress ?? 'unknown');
    if (!principal) throw new UnauthorizedError('The bearer token is not valid.');
    req.principal = principal;
    markAuthenticated(req.socket);
    next();
  };
}

/** Records who made the request when a valid token is given; a wrong token is still a 401. */
export function optionalBearer(apiKeys: ApiKeyService): RequestHandler {
  return async (req, _res, next) => {
    const token = bearerToken(req.headers.authorization);
    if (token) {
      const principal = await apiKeys.authenticateFrom(token, req.ip ?? req.socket.remoteAddress ?? 'unknown');
      if (!principal) throw new UnauthorizedError('The bearer token is not valid.');
      req.principal = principal;
      markAuthenticated(req.socket);
    }
    next();
  };
}
