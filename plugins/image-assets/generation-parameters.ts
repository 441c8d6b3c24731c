/**
 * A generation's parameters as typed values: what the client sent in `parameters`, then what was
 * read from the uploaded file (`metadata.embedded`). Filters, facets, search documents, the
 * dashboard and the "use again" export all read parameters through this one function.
 */
export interface GenerationParameters {
  /** The generator that wrote the file's parameters (`metadata.embedded.source`). */
  source?: string;
  prompt?: string;
  negative_prompt?: string;
  model?: string;
  model_hash?: string;
  sampler?: string;
  scheduler?: string;
  steps?: number;
  cfg_scale?: number;
  /** Only seeds JavaScript holds exactly (up to 2^53 - 1); a larger one is left out rather than rounded. */
  seed?: number;
  width?: number;
  height?: number;
  loras: string[];
  embeddings: string[];
}

export interface GenerationSource {
  parameters: Record<string, unknown>;
  metadata: Record<string, unknown>;
  model: string | null;
  width: number | null;
  height: number | null;
}

type Scalar = Exclude<keyof GenerationParameters, 'source' | 'model' | 'width' | 'height' | 'loras' | 'embeddings'>;

// Clients name parameters their own way (the API takes any); these are the names in use, first wins.
const ALIASES: Record<Scalar, string[]> = {
  prompt: ['prompt', 'positive_prompt', 'positivePrompt'],
  negative_prompt: ['negative_prompt', 'negativePrompt'],
  model_hash: ['model_hash', 'modelHash'],
  sampler: ['sampler', 'sampler_name', 'samplerName'],
  scheduler: ['scheduler'],
  steps: ['steps'],
  cfg_scale: ['cfg_scale', 'cfgScale', 'cfg', 'guidance_scale'],
  seed: ['seed'],
};
const NUMERIC = new Set<Scalar>(['steps', 'cfg_scale', 'seed']);
const INTEGER = new Set<Scalar>(['steps', 'seed']);

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function asNumber(value: unknown, integer: boolean): number | undefined {
  const parsed = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof parsed !== 'number' || !Number.isFinite(parsed)) return undefined;
  if (integer && !Number.isSafeInteger(parsed)) return undefined;
  return parsed;
}

function asNames(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((name): name is string => typeof name === 'string' && name.trim() !== '').map((name) => name.trim());
}

const positive = (value: number | null | undefined) => (typeof value === 'number' && value > 0 ? value : undefined);

export function generationParameters(generation: GenerationSource): GenerationParameters {
  const embedded = isRecord(generation.metadata.embedded) ? generation.metadata.embedded : {};
  const sources = [generation.parameters, embedded];
  const pick = <T>(names: string[], read: (value: unknown) => T | undefined): T | undefined => {
    for (const source of sources) {
      for (const name of names) {
        const value = read(source[name]);
        if (value !== undefined) return value;
      }
    }
    return undefined;
  };
  const result: GenerationParameters = { loras: [], embeddings: [] };
  const scalars = result as unknown as Record<Scalar, string | number | undefined>;
  for (const [key, names] of Object.entries(ALIASES) as Array<[Scalar, string[]]>) {
    const value = NUMERIC.has(key) ? pick(names, (v) => asNumber(v, INTEGER.has(key))) : pick(names, asText);
    if (value !== undefined) scalars[key] = value;
  }
  const model = asText(generation.model) ?? pick(['model'], asText);
  if (model !== undefined) result.model = model;
  const source = asText(embedded.source);
  if (source !== undefined) result.source = source;
  const width = positive(generation.width) ?? positive(pick(['width'], (v) => asNumber(v, true)));
  const height = positive(generation.height) ?? positive(pick(['height'], (v) => asNumber(v, true)));
  if (width !== undefined && height !== undefined) {
    result.width = width;
    result.height = height;
  }
  result.loras = [...new Set([...asNames(generation.parameters.loras), ...asNames(embedded.loras)])];
  result.embeddings = [...new Set([...asNames(generation.parameters.embeddings), ...asNames(embedded.embeddings)])];
  return result;
}
