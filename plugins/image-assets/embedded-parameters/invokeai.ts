import { compact, integer, isRecord, number, parseJson, text, type EmbeddedParameters } from './embedded-parameters.ts';

function modelName(model: unknown): unknown {
  return isRecord(model) ? (model.name ?? model.model_name) : model;
}

/** InvokeAI 3+: the `invokeai_metadata` chunk, a flat JSON object of the generation's settings. */
export function parseInvokeAiMetadata(raw: string): EmbeddedParameters | null {
  const data = parseJson(raw);
  if (!isRecord(data)) return null;
  return compact({
    source: 'invokeai',
    prompt: text(data.positive_prompt),
    negative_prompt: text(data.negative_prompt),
    steps: integer(data.steps),
    scheduler: text(data.scheduler),
    cfg_scale: number(data.cfg_scale),
    seed: integer(data.seed),
    width: integer(data.width),
    height: integer(data.height),
    model: text(modelName(data.model)),
  });
}

/** InvokeAI 2: the `sd-metadata` chunk, `{ model_weights, image: { prompt, seed, steps, cfg_scale, sampler, width, height } }`. */
export function parseLegacySdMetadata(raw: string): EmbeddedParameters | null {
  const data = parseJson(raw);
  if (!isRecord(data) || !isRecord(data.image)) return null;
  const image = data.image;
  const prompt = Array.isArray(image.prompt) ? image.prompt.map((p) => (isRecord(p) ? p.prompt : p)).filter((p) => typeof p === 'string').join(' ') : image.prompt;
  const split = typeof prompt === 'string' ? splitBracketedNegative(prompt) : undefined;
  return compact({
    source: 'invokeai',
    prompt: text(split?.positive),
    negative_prompt: text(split?.negative),
    steps: integer(image.steps),
    sampler: text(image.sampler),
    cfg_scale: number(image.cfg_scale),
    seed: integer(image.seed),
    width: integer(image.width),
    height: integer(image.height),
    model: text(data.model_weights),
  });
}

/** InvokeAI 1 (`Dream` chunk): `"a prompt [negative]" -s 50 -S 42 -W 512 -H 512 -C 7.5 -A k_lms`. */
export function parseDream(raw: string): EmbeddedParameters | null {
  const quoted = leadingQuoted(raw);
  if (!quoted) return null;
  const flags = dreamFlags(raw.slice(quoted.end));
  const { positive, negative } = splitBracketedNegative(quoted.text);
  return compact({
    source: 'invokeai',
    prompt: text(positive),
    negative_prompt: text(negative),
    steps: integer(flags.get('s')),
    seed: integer(flags.get('S')),
    width: integer(flags.get('W')),
    height: integer(flags.get('H')),
    cfg_scale: number(flags.get('C')),
    sampler: text(flags.get('A')),
  });
}

/**
 * Old InvokeAI kept the negative prompt inside the prompt, in [square brackets]. One forward scan
 * (a regex over unclosed brackets is quadratic, and this text is the uploader's).
 */
export function splitBracketedNegative(prompt: string): { positive: string; negative: string } {
  const positive: string[] = [];
  const negative: string[] = [];
  let at = 0;
  while (at < prompt.length) {
    const open = prompt.indexOf('[', at);
    const close = open < 0 ? -1 : prompt.indexOf(']', open + 1);
    if (close < 0) {
      positive.push(prompt.slice(at));
      break;
    }
    positive.push(prompt.slice(at, open));
    negative.push(prompt.slice(open + 1, close));
    at = close + 1;
  }
  return { positive: positive.join(''), negative: negative.join(', ') };
}

/** `"a \"quoted\" prompt" -s 50 ...`: the prompt with its escaped quotes undone, and where the rest starts. */
function leadingQuoted(raw: string): { text: string; end: number } | null {
  const open = raw.length - raw.trimStart().length;
  if (raw[open] !== '"') return null;
  for (let i = open + 1; i < raw.length; i += 1) {
    if (raw[i] === '\\') i += 1;
    else if (raw[i] === '"') return { text: raw.slice(open + 1, i).replaceAll('\\"', '"'), end: i + 1 };
  }
  return null;
}

/** `-s 50 -S 42 -A k_lms` as a map of the first value of each flag, from whitespace-split words. */
function dreamFlags(rest: string): Map<string, string> {
  const words = rest.split(/\s+/).filter(Boolean);
  const flags = new Map<string, string>();
  for (let i = 0; i + 1 < words.length; i += 1) {
    const word = words[i]!;
    if (/^-[A-Za-z]$/.test(word) && !flags.has(word.slice(1))) flags.set(word.slice(1), words[i + 1]!);
  }
  return flags;
}
