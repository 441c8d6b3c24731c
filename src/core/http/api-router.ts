import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { z } from 'zod';
import { InputError, UnauthorizedError, type FieldError } from '../errors/errors.ts';
import { assertCanWrite, assertMediaLibraryAccess, type Principal } from '../auth/principal.ts';
import { findUnsafeInput } from './text-safety.ts';
import './express-augment.ts';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  /** Defaults to application/json when a schema is given. */
  contentType?: string;
  /** A response in one of several media types (chosen by a query parameter, say), each with its schema; a text type needs none. */
  contents?: Record<string, z.ZodType | undefined>;
}

export interface RouteSpec<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
> {
  method: Method;
  /** Express-style path, e.g. `/api/tags/:tag_id`. */
  path: string;
  summary: string;
  description?: string;
  /** Defaults to one made from the method and path (operation-id.ts). */
  operationId?: string;
  tags: string[];
  params?: P;
  query?: Q;
  body?: B;
  /** Documents a multipart body (validated by the handler, which streams it). */
  multipart?: z.ZodType;
  responses: Record<number, ResponseSpec>;
  /** Status for a returned value; defaults to the first 2xx in `responses`. */
  status?: number;
  /** Whether the route changes data and so needs a token with write rights. Defaults to method !== get. */
  write?: boolean;
  /** Set for routes mounted with `http.usePublic`: no bearer token needed. */
  public?: boolean;
  /** A grant the key needs beyond project scope; set for a whole router through ApiRouterOptions. */
  grant?: 'media-library';
  /** Middleware that runs after authentication and before validation of the body (e.g. multipart parsing). */
  before?: RequestHandler[];
}

export interface HandlerInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  principal: Principal;
  req: Request;
  res: Response;
}

export type Handler<P, Q, B> = (input: HandlerInput<P, Q, B>) => Promise<unknown> | unknown;

function zodIssues(error: z.ZodError, where: string): FieldError[] {
  return error.issues.map((issue) => {
    const field = [where, ...issue.path.map(String)].join('.');
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      return { field: [where, ...issue.path.map(String), issue.keys[0]].filter(Boolean).join('.'), message: `unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}` };
    }
    if (issue.code === 'invalid_type' && where === 'query' && /received array/i.test(issue.message)) {
      message = 'must be given once';
    }
    return { field, message };
  });
}

export function parseInput<T extends z.ZodType>(schema: T, value: unknown, where: string): z.output<T> {
  const unsafe = findUnsafeInput(value, where);
  if (unsafe) throw new InputError(`${unsafe.field}: ${unsafe.message}`, [unsafe]);
  const result = schema.safeParse(value);
  if (!result.success) {
    const errors = zodIssues(result.error, where);
    throw new InputError(errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
  }
  return result.data;
}

const EMPTY = z.object({});

/**
 * An Express router whose routes carry their own schemas: the same spec validates
 * requests and feeds the OpenAPI document, so the two cannot drift apart.
 */
export interface ApiRouterOptions {
  /** `media-library`: every route needs a key with the media-library grant (shared, not project-scoped, data). */
  grant?: 'media-library';
  /** Descriptions of the OpenAPI tags (groups) this router's routes use. */
  groups?: Record<string, string>;
}

export class ApiRouter {
  readonly router: Router = express.Router();
  readonly routes: RouteSpec[] = [];

  constructor(readonly options: ApiRouterOptions = {}) {}

  route<P extends z.ZodType = typeof EMPTY, Q extends z.ZodType = typeof EMPTY, B extends z.ZodType = z.ZodUnknown>(
    spec: RouteSpec<P, Q, B>,
    handler: Handler<z.output<P>, z.output<Q>, z.output<B>>,
  ): this {
    this.routes.push({ ...spec, grant: spec.grant ?? this.options.grant } as unknown as RouteSpec);
    const successStatus =
      spec.status ?? Number(Object.keys(spec.responses).find((code) => Number(code) >= 200 && Number(code) < 300) ?? 200);
    const needsWrite = spec.write ?? spec.method !== 'get';

    const guard: RequestHandler = (req, _res, next) => {
      if (!spec.public) {
        if (!req.principal) throw new UnauthorizedError();
        if (this.options.grant === 'media-library') assertMediaLibraryAccess(req.principal);
        if (needsWrite) assertCanWrite(req.principal);
      }
      next();
    };

    const run: RequestHandler = async (req, res) => {
      const params = parseInput(spec.params ?? EMPTY, req.params, 'path') as z.output<P>;
      const query = parseInput(spec.query ?? EMPTY, req.query, 'query') as z.output<Q>;
      const body = spec.body ? parseInput(spec.body, req.body, 'body') : req.body;
      const result = await handler({
        params,
        query,
        body,
        principal: req.principal as Principal,
        req,
        res,
      });
      if (res.headersSent || res.writableEnded) return;
      if (successStatus === 204) {
        res.status(204).end();
        return;
      }
      res.status(successStatus).json(result);
    };

    this.router[spec.method](spec.path, guard, ...(spec.before ?? []), run);
    return this;
  }
}

export function isApiRouter(value: unknown): value is ApiRouter {
  return value instanceof ApiRouter;
}
