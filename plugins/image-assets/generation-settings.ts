import { generationParameters, type GenerationSource } from './generation-parameters.ts';

export type { GenerationSource } from './generation-parameters.ts';

/** A generation's settings as the dashboard shows them; each is absent when the generation does not say. */
export interface GenerationSettings {
  prompt?: string;
  negativePrompt?: string;
  model?: string;
  seed?: string;
  sampler?: string;
  steps?: string;
  cfgScale?: string;
  size?: string;
}

const shown = (value: number | undefined) => (value === undefined ? undefined : String(value));

export function generationSettings(generation: GenerationSource): GenerationSettings {
  const p = generationParameters(generation);
  return {
    prompt: p.prompt,
    negativePrompt: p.negative_prompt,
    model: p.model,
    seed: shown(p.seed),
    sampler: p.sampler,
    steps: shown(p.steps),
    cfgScale: shown(p.cfg_scale),
    size: p.width !== undefined && p.height !== undefined ? `${p.width} × ${p.height}` : undefined,
  };
}
