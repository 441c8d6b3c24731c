import { compact, integer, number, text, type EmbeddedParameters } from './embedded-parameters.ts';

// `Key: value` pairs of the last line; a value is either a JSON-style quoted string (which may hold commas) or runs to the next comma.
const PARAM = /\s*(\w[\w \-/]+):\s*("(?:\\.|[^\\"])+"|[^,]*)(?:,|$)/g;
const NEGATIVE = 'Negative prompt:';
const MAX_EXTRA = 100;

function pairs(line: string): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  for (const match of line.matchAll(PARAM)) {
    const key = (match[1] ?? '').trim();
    let value = (match[2] ?? '').trim();
    if (value.startsWith('"') && value.endsWith('"')) {
      try {
        value = String(JSON.parse(value));
      } catch {
        value = value.slice(1, -1);
      }
    }
    if (key) found.push([key, value]);
  }
  return found;
}

/**
 * Reads Automatic1111's `parameters` text (also written by Forge, SD.Next and Fooocus in A1111 mode):
 * the prompt, an optional `Negative prompt:` section, and a last line of `Key: value` pairs.
 * Answers null for empty text.
 */
export function parseAutomatic1111(raw: string): EmbeddedParameters | null {
  const lines = raw.replace(/\r\n?/g, '\n').trim().split('\n');
  let settings = pairs(lines[lines.length - 1] ?? '');
  // As A1111 does: a last line with fewer than three pairs is part of the prompt.
  if (settings.length < 3) settings = [];
  else lines.pop();
  if (settings.length === 0 && lines.every((line) => line.trim() === '')) return null;

  const prompt: string[] = [];
  const negative: string[] = [];
  let inNegative = false;
  for (const line of lines) {
    if (!inNegative && line.startsWith(NEGATIVE)) {
      inNegative = true;
      negative.push(line.slice(NEGATIVE.length).trim());
    } else (inNegative ? negative : prompt).push(line);
  }

  const values = new Map(settings);
  const take = (key: string) => {
    const value = values.get(key);
    values.delete(key);
    return value;
  };
  const size = /^(\d+)\s*x\s*(\d+)$/i.exec(take('Size') ?? '');
  const parameters: EmbeddedParameters = {
    source: 'automatic1111',
    prompt: text(prompt.join('\n')),
    negative_prompt: text(negative.join('\n')),
    steps: integer(take('Steps')),
    sampler: text(take('Sampler')),
    scheduler: text(take('Schedule type')),
    cfg_scale: number(take('CFG scale')),
    seed: integer(take('Seed')),
    width: size ? integer(size[1]) : undefined,
    height: size ? integer(size[2]) : undefined,
    model: text(take('Model')),
    model_hash: text(take('Model hash')),
  };
  const extra = Object.fromEntries([...values].slice(0, MAX_EXTRA).map(([key, value]) => [key, value.slice(0, 2000)]));
  if (Object.keys(extra).length > 0) parameters.extra = extra;
  return compact(parameters);
}
