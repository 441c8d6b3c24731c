/**
 * Typed errors thrown by services. They describe what went wrong in domain terms;
 * the HTTP layer (problem-details middleware) decides how each kind is answered.
 */
export type ErrorKind =
  | 'input'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'too-large'
  | 'unsupported-type'
  | 'unprocessable'
  | 'range-not-satisfiable'
  | 'rate-limited'
  | 'unavailable';

export interface FieldError {
  /** Dotted path of the offending field, prefixed by where it came from: `body.tags.0`, `query.limit`. */
  field: string;
  message: string;
}

export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly details: Record<string, unknown>;

  constructor(kind: ErrorKind, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.kind = kind;
    this.details = details;
  }
}

export class InputError extends AppError {
  readonly errors: FieldError[];
  constructor(message: string, errors: FieldError[] = []) {
    super('input', message, errors.length ? { errors } : {});
    this.errors = errors;
  }

  static field(field: string, message: string): InputError {
    return new InputError(`${field}: ${message}`, [{ field, message }]);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'A valid bearer token is required.') {
    super('unauthorized', message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'This token may not do that.') {
    super('forbidden', message);
  }
}

export class NotFoundError extends AppError {
  constructor(what: string, id?: string) {
    super('not-found', id === undefined ? `${what} not found.` : `${what} ${id} not found.`);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('conflict', message, details);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(limitBytes: number) {
    super('too-large', `The upload exceeds the limit of ${limitBytes} bytes.`, { limit_bytes: limitBytes });
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('unsupported-type', message, details);
  }
}

export class UnprocessableError extends AppError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('unprocessable', message, details);
  }
}

export class RangeNotSatisfiableError extends AppError {
  constructor(readonly size: number) {
    super('range-not-satisfiable', `The requested range is outside the ${size}-byte resource.`);
  }
}

export class UnavailableError extends AppError {
  constructor(message: string, readonly retryAfterSeconds?: number) {
    super('unavailable', message);
  }
}

export class RateLimitedError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super('rate-limited', `Too many requests; try again in ${retryAfterSeconds} s.`);
  }
}
