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

export interface GenerationSource {
  parameters: Record<string, unknown>;
  metadata: Record<string, unknown>;
  model: string | null;
  width: number | null;
  height: number | null;
}

// Clients name parameters their own way (the API takes any); these are the names in use, first wins.
const ALIASES: Record<Exclude<keyof GenerationSettings, 'size' | 'model'>, string[]> = {
  prompt: ['prompt', 'positive_prompt', 'positivePrompt'],
  negativePrompt: ['negative_prompt', 'negativePrompt'],
  seed: ['seed'],
  sampler: ['sampler', 'sampler_name', 'samplerName'],
  steps: ['steps'],
  cfgScale: ['cfg_scale', 'cfgScale', 'cfg', 'guidance_scale'],
};

const shown = (value: unknown): string | undefined => {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The parameters the client sent, then what was read from the uploaded file (metadata.embedded). */
export function generationSettings(generation: GenerationSource): GenerationSettings {
  const embedded = isRecord(generation.metadata.embedded) ? generation.metadata.embedded : {};
  const sources = [generation.parameters, embedded];
  const pick = (names: string[]) => {
    for (const source of sources) {
      for (const name of names) {
        const value = shown(source[name]);
        if (value !== undefined) return value;
      }
    }
    return undefined;
  };
  const settings: GenerationSettings = {};
  for (const [key, names] of Object.entries(ALIASES) as Array<[keyof typeof ALIASES, string[]]>) settings[key] = pick(names);
  settings.model = shown(generation.model) ?? pick(['model']);
  const width = generation.width ?? Number(pick(['width']));
  const height = generation.height ?? Number(pick(['height']));
  if (width > 0 && height > 0) settings.size = `${width} × ${height}`;
  return settings;
}
