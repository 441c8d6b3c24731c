import { badRequest, notModelled } from './errors.ts';

/**
 * Request bodies checked the way Meilisearch's deserializer does: an unknown field is refused
 * (`bad_request`, naming the accepted ones), a wrong type gets the field's own code.
 */
export type Kind = 'string' | 'uint' | 'bool' | 'strings' | 'json';

export interface FieldSpec {
  kind: Kind;
  /** The error code for a wrong value, e.g. `invalid_search_limit`. */
  code: string;
  nullable?: boolean;
  /** Documented by Meilisearch but not modelled here: refused with 501. */
  unmodelled?: boolean;
}

const expected: Record<Kind, string> = {
  string: 'a string',
  uint: 'a positive integer',
  bool: 'a boolean',
  strings: 'an array',
  json: 'a value',
};

export function describe(value: unknown): string {
  const shown = `\`${JSON.stringify(value)}\``;
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array: ${shown}`;
  if (typeof value === 'object') return `an object: ${shown}`;
  if (typeof value === 'string') return `a string: ${shown}`;
  if (typeof value === 'boolean') return `a boolean: ${shown}`;
  if (typeof value === 'number') return `${Number.isInteger(value) ? (value < 0 ? 'a negative integer' : 'a positive integer') : 'a number'}: ${shown}`;
  return shown;
}

const inside = (location: string) => (location ? ` inside \`${location}\`` : '');

function fits(kind: Kind, value: unknown): boolean {
  switch (kind) {
    case 'string':
      return typeof value === 'string';
    case 'uint':
      return typeof value === 'number' && Number.isInteger(value) && value >= 0;
    case 'bool':
      return typeof value === 'boolean';
    case 'strings':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
    case 'json':
      return true;
  }
}

export function expectObject(value: unknown, location: string, code = 'bad_request'): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest(`Invalid value type${location ? ` at \`${location}\`` : ''}: expected an object, but found ${describe(value)}`, code);
  }
  return value as Record<string, unknown>;
}

/** Checks one object against its fields; `location` is the JSON path shown in messages (`` for the body, `[0]` for an array item). */
export function strictObject(
  value: unknown,
  spec: Record<string, FieldSpec>,
  options: { location?: string; code?: string; required?: Array<{ field: string; code: string }> } = {},
): Record<string, unknown> {
  const location = options.location ?? '';
  const object = expectObject(value, location, options.code);
  for (const key of Object.keys(object)) {
    if (!(key in spec)) {
      const accepted = Object.keys(spec).map((k) => `\`${k}\``).join(', ');
      throw badRequest(`Unknown field \`${key}\`${inside(location)}: expected one of ${accepted}`, options.code);
    }
  }
  for (const { field, code } of options.required ?? []) {
    if (object[field] === undefined) throw badRequest(`Missing field \`${field}\`${inside(location)}`, code);
  }
  for (const [key, field] of Object.entries(spec)) {
    const got = object[key];
    if (got === undefined) continue;
    if (field.unmodelled) throw notModelled(`\`${key}\`${inside(location)}`);
    if (got === null && field.nullable) continue;
    if (!fits(field.kind, got)) {
      throw badRequest(`Invalid value type at \`${location}.${key}\`: expected ${expected[field.kind]}, but found ${describe(got)}`, field.code);
    }
  }
  return object;
}

/** Query parameters: the same rule (unknown ones refused), all values strings. */
export function strictParams(params: URLSearchParams, accepted: Record<string, { unmodelled?: boolean }>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of params) {
    if (!(key in accepted)) {
      throw badRequest(`Unknown parameter \`${key}\`: expected one of ${Object.keys(accepted).map((k) => `\`${k}\``).join(', ')}`);
    }
    if (accepted[key].unmodelled) throw notModelled(`the \`${key}\` parameter`);
    out[key] = value;
  }
  return out;
}
