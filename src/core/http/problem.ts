import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { BaseError, ForeignKeyConstraintError, UniqueConstraintError } from 'sequelize';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from '../db/unavailable.ts';
import { AppError, type ErrorKind } from '../errors/errors.ts';

const STATUS: Record<ErrorKind, number> = {
  input: 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'too-large': 413,
  'unsupported-type': 415,
  'range-not-satisfiable': 416,
  unprocessable: 422,
  'rate-limited': 429,
  unavailable: 503,
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  request_id?: string;
  [extension: string]: unknown;
}

export interface ProblemInput {
  status: number;
  detail: string;
  type?: string;
  title?: string;
  instance?: string;
  request_id?: string;
  [extension: string]: unknown;
}

export function sendProblem(res: Response, problem: ProblemInput): void {
  const body: Problem = {
    ...problem,
    type: problem.type ?? 'about:blank',
    title: problem.title ?? TITLES[problem.status] ?? 'Error',
  };
  if (res.headersSent) {
    res.destroy();
    return;
  }
  // Refused before its body was read (no token, too large): close rather than drain what the client still sends.
  if (res.req && !res.req.complete) res.setHeader('Connection', 'close');
  res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
}

function problemType(kind: string): string {
  return `/problems/${kind}`;
}

interface HttpLikeError {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
  message: string;
  code?: string;
}

/** Errors raised by Express, body-parser and other middleware before our handlers run. */
function fromMiddlewareError(err: HttpLikeError): { status: number; kind: string; detail: string } | undefined {
  if (err.type === 'entity.parse.failed') return { status: 400, kind: 'malformed-json', detail: 'The request body is not valid JSON.' };
  if (err.type === 'entity.too.large') return { status: 413, kind: 'too-large', detail: 'The request body is too large.' };
  if (err.type === 'encoding.unsupported' || err.type === 'charset.unsupported') {
    return { status: 415, kind: 'unsupported-type', detail: err.message };
  }
  if (err.type === 'request.aborted') return { status: 400, kind: 'aborted', detail: 'The request was aborted.' };
  const status = err.status ?? err.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { status, kind: 'http', detail: err.expose === false ? (TITLES[status] ?? 'Bad request') : err.message };
  }
  return undefined;
}

export function createErrorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const base = { instance: req.originalUrl.split('?')[0], request_id: req.id as string };
    if (err instanceof AppError) {
      const status = STATUS[err.kind];
      if ('retryAfterSeconds' in err && typeof err.retryAfterSeconds === 'number') {
        res.setHeader('Retry-After', String(err.retryAfterSeconds));
      }
      if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
      sendProblem(res, { ...base, type: problemType(err.kind), status, detail: err.message, ...err.details });
      return;
    }
    if (err instanceof UniqueConstraintError) {
      const fields = Object.keys(err.fields ?? {});
      sendProblem(res, { ...base, type: problemType('conflict'), status: 409, detail: `A record with the same ${fields.join(', ') || 'key'} already exists.` });
      return;
    }
    if (err instanceof ForeignKeyConstraintError) {
      sendProblem(res, { ...base, type: problemType('conflict'), status: 409, detail: 'The change refers to a record that does not exist or is still referenced.' });
      return;
    }
    if (isDatabaseUnavailable(err)) {
      logger.warn({ err, request_id: req.id, method: req.method, url: req.originalUrl }, 'database unavailable');
      res.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
      sendProblem(res, { ...base, type: problemType('unavailable'), status: 503, detail: 'The database is unavailable at the moment; try again shortly.' });
      return;
    }
    const mapped = err instanceof BaseError ? undefined : fromMiddlewareError(err as HttpLikeError);
    if (mapped) {
      sendProblem(res, { ...base, type: problemType(mapped.kind), status: mapped.status, detail: mapped.detail });
      return;
    }
    logger.error({ err, request_id: req.id, method: req.method, url: req.originalUrl }, 'unexpected error');
    sendProblem(res, { ...base, type: problemType('internal'), status: 500, detail: 'An unexpected error occurred. Quote the request id when reporting it.' });
  };
}

export const notFoundHandler: RequestHandler = (req, res) => {
  sendProblem(res, {
    type: problemType('not-found'),
    status: 404,
    detail: `No route for ${req.method} ${req.path}.`,
    instance: req.path,
    request_id: req.id as string,
  });
};
