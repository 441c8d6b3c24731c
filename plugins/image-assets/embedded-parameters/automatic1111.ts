import { compact, integer, number, text, type EmbeddedParameters } from './embedded-parameters.ts';

const NEGATIVE = 'Negative prompt:';
const MAX_EXTRA = 100;
const MAX_PAIRS = 200;
const KEY = /^\w[\w \-/]{0,63}$/;

/**
 * `Key: value` pairs of the last line; a value is either a JSON-style quoted string (which may hold
 * commas) or runs to the next comma. A single left-to-right scan: A1111's own regex backtracks
 * quadratically, and this runs on the event loop over text an uploader chose.
 */
function pairs(line: string): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  let at = 0;
  let colon = -1;
  while (at < line.length && found.length < MAX_PAIRS) {
    if (colon < at) colon = line.indexOf(':', at);
    if (colon < 0) break;
    const comma = line.indexOf(',', at);
    if (comma >= 0 && comma < colon) {
      at = comma + 1;
      continue;
    }
    const key = line.slice(at, colon).trim();
    let start = colon + 1;
    while (line[start] === ' ') start += 1;
    let end: number;
    let value: string;
    if (line[start] === '"') {
      let close = start + 1;
      while (close < line.length && line[close] !== '"') close += line[close] === '\\' ? 2 : 1;
      value = unquote(line.slice(start, close + 1));
      end = line.indexOf(',', close + 1);
    } else {
      end = line.indexOf(',', start);
      value = line.slice(start, end < 0 ? line.length : end).trim();
    }
    if (KEY.test(key)) found.push([key, value]);
    at = end < 0 ? line.length : end + 1;
  }
  return found;
}

function unquote(quoted: string): string {
  try {
    return String(JSON.parse(quoted));
  } catch {
    return quoted.slice(1, quoted.endsWith('"') && quoted.length > 1 ? -1 : undefined);
  }
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
