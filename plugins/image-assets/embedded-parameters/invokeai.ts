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
  // Old InvokeAI kept the negative prompt inside the prompt, in [square brackets].
  const negative = typeof prompt === 'string' ? [...prompt.matchAll(/\[([^\]]*)\]/g)].map((m) => m[1]).join(', ') : undefined;
  return compact({
    source: 'invokeai',
    prompt: text(typeof prompt === 'string' ? prompt.replace(/\[[^\]]*\]/g, '') : undefined),
    negative_prompt: text(negative),
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
  const quoted = /^\s*"((?:\\.|[^"\\])*)"/.exec(raw);
  if (!quoted) return null;
  const flag = (name: string) => new RegExp(`(?:^|\\s)-${name}\\s+(\\S+)`).exec(raw.slice(quoted[0].length))?.[1];
  const prompt = (quoted[1] ?? '').replace(/\\"/g, '"');
  const negative = [...prompt.matchAll(/\[([^\]]*)\]/g)].map((m) => m[1]).join(', ');
  return compact({
    source: 'invokeai',
    prompt: text(prompt.replace(/\[[^\]]*\]/g, '')),
    negative_prompt: text(negative),
    steps: integer(flag('s')),
    seed: integer(flag('S')),
    width: integer(flag('W')),
    height: integer(flag('H')),
    cfg_scale: number(flag('C')),
    sampler: text(flag('A')),
  });
}
