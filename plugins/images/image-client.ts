import type { Request } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';

/**
 * Who a request counts against, for the rate limit and the fair share of transform slots: the
 * bearer token's key when one was shown, else the client's address (IPv6 by /56, as
 * express-rate-limit groups it, so one host cannot rotate through its own addresses). Signed URLs
 * are not the unit: a page holds many of them and one client could spread its requests over all.
 * Behind a proxy the address is only the client's when Express's `trust proxy` is set.
 */
export function imageClient(req: Request): string {
  if (req.principal) return `key:${req.principal.id}`;
  return `ip:${ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown')}`;
}

/** Work no client waits for (thumbnail regeneration) shares the slots as one more client. */
export const BACKGROUND_CLIENT = 'background';
