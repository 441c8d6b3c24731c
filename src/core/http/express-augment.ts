import type { Principal } from '../auth/principal.ts';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      principal?: Principal;
      /** Set by the request logger from X-Request-Id, or minted. */
      id?: string;
    }
  }
}

export {};
