import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from './zod.ts';
import type { RouteSpec } from '../http/api-router.ts';


const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    request_id: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem', { description: 'RFC 9457 problem details. `errors` lists each invalid field.' });

const STANDARD_ERRORS: Record<number, string> = {
  400: 'Invalid input: the problem names each field.',
  401: 'Missing or invalid bearer token.',
  429: 'Rate limit exceeded; see Retry-After.',
};

function toOpenApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/** Collects the routes of every mounted ApiRouter and renders the OpenAPI 3.1 document on demand. */
export class OpenApiDocument {
  private readonly routes: RouteSpec[] = [];
  private cached?: object;

  constructor(private readonly info: { title: string; version: string; description: string }) {}

  addRoutes(routes: RouteSpec[]): void {
    this.routes.push(...routes);
    this.cached = undefined;
  }

  build(): object {
    if (this.cached) return this.cached;
    const registry = new OpenAPIRegistry();
    registry.register('Problem', problemSchema);
    registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });

    for (const route of this.routes) {
      const responses: Record<string, { description: string; content?: Record<string, { schema: z.ZodType | object }> }> = {};
      for (const [status, response] of Object.entries(route.responses)) {
        responses[status] = response.schema
          ? { description: response.description, content: { [response.contentType ?? 'application/json']: { schema: response.schema } } }
          : response.contentType
            ? { description: response.description, content: { [response.contentType]: { schema: { type: 'string', format: 'binary' } } } }
            : { description: response.description };
      }
      const errorCodes = { ...STANDARD_ERRORS };
      if (route.public) delete errorCodes[401];
      const forbidden = [
        ...((route.write ?? route.method !== 'get') && !route.public ? ['the token is read-only'] : []),
        ...(route.grant === 'media-library' ? ['the key has no media-library grant'] : []),
      ];
      if (forbidden.length > 0) errorCodes[403] = `Forbidden: ${forbidden.join(', or ')}.`;
      for (const [status, description] of Object.entries(errorCodes)) {
        responses[status] ??= { description, content: { 'application/problem+json': { schema: problemSchema } } };
      }
      const body = route.body
        ? { content: { 'application/json': { schema: route.body } }, required: true }
        : route.multipart
          ? { content: { 'multipart/form-data': { schema: route.multipart } }, required: true }
          : undefined;
      registry.registerPath({
        method: route.method,
        path: toOpenApiPath(route.path),
        summary: route.summary,
        description: route.description,
        tags: route.tags,
        security: route.public ? [] : [{ bearer: [] }],
        request: {
          params: route.params as z.ZodObject | undefined,
          query: route.query as z.ZodObject | undefined,
          body,
        },
        responses: responses as never,
      });
    }

    this.cached = new OpenApiGeneratorV31(registry.definitions).generateDocument({
      openapi: '3.1.0',
      info: this.info,
      security: [{ bearer: [] }],
    });
    return this.cached;
  }
}
