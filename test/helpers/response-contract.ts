import type { RequestHandler } from 'express';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

/**
 * Checks every response a test receives against the OpenAPI document: the status must be
 * declared for the operation, and a JSON body must match the declared schema. What does not is
 * collected and reported once the run ends (see contract-hooks.ts), so the document cannot drift.
 */
interface OpenApiDoc {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: object }> }> }>>;
  components?: object;
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;
const BODY_LIMIT = 4 * 1024 * 1024;

export const contractViolations: string[] = [];
export const currentTest = { title: '' };

interface Compiled {
  routes: Array<{ path: string; pattern: RegExp; literalSegments: number }>;
  ajv: Ajv2020;
  validators: Map<string, ValidateFunction>;
}

function compile(doc: OpenApiDoc): Compiled {
  const routes = Object.keys(doc.paths).map((path) => ({
    path,
    pattern: new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, (c) => (c === '{' || c === '}' ? c : `\\${c}`)).replace(/\{[^/}]+\}/g, '[^/]+')}$`),
    literalSegments: path.split('/').filter((s) => s && !s.startsWith('{')).length,
  }));
  // The most literal match wins, as Express's route order makes it (bulk before :asset_id).
  routes.sort((a, b) => b.literalSegments - a.literalSegments);
  const ajv = new Ajv2020({ strict: false, allErrors: false });
  addFormats(ajv);
  return { routes, ajv, validators: new Map() };
}

function mediaTypeMatches(declared: string, actual: string): boolean {
  if (declared === '*/*') return true;
  if (declared.endsWith('/*')) return actual.startsWith(declared.slice(0, -1));
  return declared === actual;
}

function check(doc: OpenApiDoc, compiled: Compiled, method: string, url: string, status: number, contentType: string, body: Buffer | null): void {
  const path = url.split('?')[0] ?? url;
  if (!path.startsWith('/api/')) return;
  const route = compiled.routes.find((r) => r.pattern.test(path));
  const operation = route ? doc.paths[route.path]?.[method.toLowerCase()] : undefined;
  // Routes outside the document (unknown paths answer the generic 404) are not its contract.
  if (!route || !operation) return;
  const where = `${method} ${route.path} -> ${status} (in "${currentTest.title}")`;
  const declared = operation.responses[String(status)];
  if (!declared) {
    contractViolations.push(`${where}: status not declared`);
    return;
  }
  if (body === null || body.length === 0 || method === 'HEAD' || status === 304) return;
  const actualType = contentType.split(';')[0]?.trim() ?? '';
  const content = declared.content ?? {};
  const match = Object.entries(content).find(([type]) => mediaTypeMatches(type, actualType));
  if (!match) {
    contractViolations.push(`${where}: sent ${actualType || 'no type'}, declared ${Object.keys(content).join(', ') || 'no body'}`);
    return;
  }
  const schema = match[1].schema;
  if (!schema || !/json/.test(actualType)) return;
  const key = `${method} ${route.path} ${status} ${match[0]}`;
  let validate = compiled.validators.get(key);
  if (!validate) {
    validate = compiled.ajv.compile({ ...schema, components: doc.components });
    compiled.validators.set(key, validate);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    contractViolations.push(`${where}: body is not JSON`);
    return;
  }
  if (!validate(parsed)) {
    contractViolations.push(`${where}: body does not match: ${compiled.ajv.errorsText(validate.errors)}`);
  }
}

export function responseContract(document: () => object): RequestHandler {
  let compiled: Compiled | undefined;
  return (req, res, next) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const keep = (chunk: unknown, encoding?: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
      if (!/json/.test(String(res.getHeader('content-type') ?? '')) || size > BODY_LIMIT) return;
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
      chunks.push(buffer);
      size += buffer.length;
    };
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => typeof res;
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      keep(chunk, rest[0]);
      return write(chunk, ...rest);
    }) as typeof res.write;
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      keep(chunk, rest[0]);
      return end(chunk, ...rest);
    }) as typeof res.end;
    res.on('finish', () => {
      const doc = document() as OpenApiDoc;
      compiled ??= compile(doc);
      check(doc, compiled, req.method, req.originalUrl, res.statusCode, String(res.getHeader('content-type') ?? ''), size > BODY_LIMIT ? null : Buffer.concat(chunks));
    });
    next();
  };
}
