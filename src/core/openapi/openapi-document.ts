import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from './zod.ts';
import type { RouteSpec } from '../http/api-router.ts';
import { errorResponsesFor } from './error-responses.ts';
import { operationIdFor } from './operation-id.ts';
import { accessNote } from './access-note.ts';

export const problemSchema = z
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

const PROBLEM_CONTENT = { 'application/problem+json': { schema: problemSchema } };

function toOpenApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

type ResponseObject = { description: string; content?: Record<string, { schema: z.ZodType | object }> };

export interface OpenApiInfo {
  title: string;
  version: string;
  description: string;
  license?: { name: string; identifier?: string; url?: string };
  contact?: { name?: string; url?: string; email?: string };
}

/** Collects the routes of every mounted ApiRouter and renders the OpenAPI 3.1 document on demand. */
export class OpenApiDocument {
  private readonly routes: RouteSpec[] = [];
  private cached?: object;

  constructor(
    private readonly info: OpenApiInfo,
    /** Where clients reach the API: PUBLIC_URL, or the origin the document is fetched from. */
    private readonly serverUrl = '/',
  ) {}

  private readonly groups = new Map<string, string>();

  addRoutes(routes: RouteSpec[], groups: Record<string, string> = {}): void {
    this.routes.push(...routes);
    for (const [name, description] of Object.entries(groups)) this.groups.set(name, description);
    this.cached = undefined;
  }

  build(): object {
    if (this.cached) return this.cached;
    const registry = new OpenAPIRegistry();
    registry.register('Problem', problemSchema);
    registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });

    for (const route of this.routes) {
      const responses: Record<string, ResponseObject> = {};
      for (const [status, response] of Object.entries(route.responses)) {
        if (Number(status) >= 400) {
          // Every error the server sends is problem+json, whatever the route declared.
          responses[status] = { description: response.description, content: PROBLEM_CONTENT };
        } else if (response.contents) {
          const content = Object.entries(response.contents).map(([type, schema]) => [type, { schema: schema ?? { type: 'string' } }]);
          responses[status] = { description: response.description, content: Object.fromEntries(content) };
        } else if (response.schema) {
          responses[status] = { description: response.description, content: { [response.contentType ?? 'application/json']: { schema: response.schema } } };
        } else if (response.contentType) {
          responses[status] = { description: response.description, content: { [response.contentType]: { schema: { type: 'string', format: 'binary' } } } };
        } else {
          responses[status] = { description: response.description };
        }
      }
      for (const [status, description] of Object.entries(errorResponsesFor(route))) {
        responses[status] ??= { description, content: PROBLEM_CONTENT };
      }
      const body = route.body
        ? { content: { 'application/json': { schema: route.body } }, required: true }
        : route.multipart
          ? { content: { 'multipart/form-data': { schema: route.multipart } }, required: true }
          : undefined;
      registry.registerPath({
        method: route.method,
        path: toOpenApiPath(route.path),
        operationId: route.operationId ?? operationIdFor(route.method, route.path),
        summary: route.summary,
        description: [route.description, accessNote(route)].filter(Boolean).join('\n\n'),
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

    const document = new OpenApiGeneratorV31(registry.definitions).generateDocument({
      openapi: '3.1.0',
      info: { ...this.info },
      servers: [{ url: this.serverUrl }],
      tags: [...new Set(this.routes.flatMap((r) => r.tags))].sort().map((name) => ({ name, description: this.groups.get(name) ?? name })),
      security: [{ bearer: [] }],
    });
    stringifyQueryDefaults(document as unknown as Parameters<typeof stringifyQueryDefaults>[0]);
    this.cached = document;
    return document;
  }
}

/**
 * Query values arrive as text, so their schemas are strings; zod reports the parsed default
 * (0, true). Written back as the text a client would send, the default matches its schema.
 */
function stringifyQueryDefaults(document: { paths?: Record<string, Record<string, { parameters?: Array<{ schema?: { type?: unknown; default?: unknown } }> }>> }): void {
  for (const operations of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(operations)) {
      for (const parameter of operation.parameters ?? []) {
        const schema = parameter.schema;
        if (schema && schema.type === 'string' && schema.default !== undefined && typeof schema.default !== 'string') schema.default = String(schema.default);
      }
    }
  }
}
