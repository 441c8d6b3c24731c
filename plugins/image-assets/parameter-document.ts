import { generationParameters, type GenerationSource } from './generation-parameters.ts';

/** What an asset's search document holds of its generations' parameters: values to filter and facet on, and prompt text to search. */
export interface ParameterFields {
  models: string[];
  samplers: string[];
  schedulers: string[];
  sources: string[];
  loras: string[];
  embeddings: string[];
  /** `WxH`, e.g. `832x1216`. */
  sizes: string[];
  prompt: string[];
  negative_prompt: string[];
}

/** Distinct values per field an asset's document keeps; an asset with more generations keeps the first ones'. */
export const MAX_VALUES_PER_FIELD = 50;
/** Prompt text per generation, and per asset in all: a long prompt is cut, so one asset cannot bloat the index. */
export const MAX_PROMPT_CHARS = 2_000;
export const MAX_PROMPT_CHARS_PER_ASSET = 10_000;
/** Filter values are compared whole; longer names than this are not names. */
const MAX_VALUE_CHARS = 200;

class Distinct {
  private readonly seen = new Set<string>();
  readonly values: string[] = [];

  add(value: string | undefined): void {
    if (value === undefined || value.length > MAX_VALUE_CHARS || this.values.length >= MAX_VALUES_PER_FIELD || this.seen.has(value)) return;
    this.seen.add(value);
    this.values.push(value);
  }
}

class PromptText {
  private readonly seen = new Set<string>();
  readonly texts: string[] = [];
  private chars = 0;

  add(text: string | undefined): void {
    if (text === undefined || this.seen.has(text) || this.chars >= MAX_PROMPT_CHARS_PER_ASSET) return;
    this.seen.add(text);
    const kept = text.slice(0, Math.min(MAX_PROMPT_CHARS, MAX_PROMPT_CHARS_PER_ASSET - this.chars));
    this.chars += kept.length;
    this.texts.push(kept);
  }
}

/** The parameter fields of one asset, from its generations in the order given (oldest first). */
export function parameterFields(generations: GenerationSource[]): ParameterFields {
  const fields = {
    models: new Distinct(),
    samplers: new Distinct(),
    schedulers: new Distinct(),
    sources: new Distinct(),
    loras: new Distinct(),
    embeddings: new Distinct(),
    sizes: new Distinct(),
  };
  const prompt = new PromptText();
  const negative = new PromptText();
  for (const generation of generations) {
    const p = generationParameters(generation);
    fields.models.add(p.model);
    fields.samplers.add(p.sampler);
    fields.schedulers.add(p.scheduler);
    fields.sources.add(p.source);
    p.loras.forEach((name) => fields.loras.add(name));
    p.embeddings.forEach((name) => fields.embeddings.add(name));
    if (p.width !== undefined && p.height !== undefined) fields.sizes.add(`${p.width}x${p.height}`);
    prompt.add(p.prompt);
    negative.add(p.negative_prompt);
  }
  return {
    models: fields.models.values,
    samplers: fields.samplers.values,
    schedulers: fields.schedulers.values,
    sources: fields.sources.values,
    loras: fields.loras.values,
    embeddings: fields.embeddings.values,
    sizes: fields.sizes.values,
    prompt: prompt.texts,
    negative_prompt: negative.texts,
  };
}
