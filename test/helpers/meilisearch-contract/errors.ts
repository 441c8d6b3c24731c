/** Meilisearch's error body: every non-2xx answer and every failed task carries one. */
export interface MeiliErrorBody {
  message: string;
  code: string;
  type: 'invalid_request' | 'auth' | 'internal' | 'system';
  link: string;
}

export class MeiliError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly type: MeiliErrorBody['type'] = 'invalid_request',
  ) {
    super(message);
  }

  get body(): MeiliErrorBody {
    return { message: this.message, code: this.code, type: this.type, link: `https://docs.meilisearch.com/errors#${this.code}` };
  }
}

export const indexNotFound = (uid: string) => new MeiliError(404, 'index_not_found', `Index \`${uid}\` not found.`);
export const indexAlreadyExists = (uid: string) => new MeiliError(409, 'index_already_exists', `Index \`${uid}\` already exists.`);
export const missingAuthorization = () =>
  new MeiliError(401, 'missing_authorization_header', 'The Authorization header is missing. It must use the bearer authorization method.', 'auth');
export const invalidApiKey = () => new MeiliError(403, 'invalid_api_key', 'The provided API key is invalid.', 'auth');
export const badRequest = (message: string, code = 'bad_request') => new MeiliError(400, code, message);

/**
 * A parameter Meilisearch documents but this server does not model. Answered loudly (501), so
 * an adapter change that starts sending it fails the tests instead of being silently ignored.
 */
export const notModelled = (what: string) =>
  new MeiliError(501, 'contract_server_not_implemented', `The Meilisearch contract server does not model ${what}; extend it before the adapter sends it.`, 'internal');
