/**
 * Generation parameters found inside an uploaded image, stored under the generation's
 * `metadata.embedded`. Only what could be read is present; every field is optional but `source`.
 */
export interface EmbeddedParameters {
  source: 'automatic1111' | 'comfyui' | 'invokeai';
  prompt?: string;
  negative_prompt?: string;
  steps?: number;
  sampler?: string;
  scheduler?: string;
  cfg_scale?: number;
  seed?: number;
  width?: number;
  height?: number;
  model?: string;
  model_hash?: string;
  /** Automatic1111: the other `Key: value` pairs of its parameters line (Clip skip, VAE, Lora hashes...). */
  extra?: Record<string, string>;
  /** ComfyUI: how many nodes the saved workflow has, and the workflow itself when it is small. */
  workflow_nodes?: number;
  workflow?: unknown;
}

/** Long prompts are kept; anything longer is cut, so a hostile chunk cannot bloat the row. */
export const MAX_TEXT = 20_000;
/** A ComfyUI workflow larger than this (as JSON) is summarised by its node count only. */
export const MAX_WORKFLOW_JSON = 256 * 1024;

export function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed.slice(0, MAX_TEXT);
}

export function number(value: unknown): number | undefined {
  const parsed = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof parsed === 'number' && Number.isFinite(parsed) ? parsed : undefined;
}

export function integer(value: unknown): number | undefined {
  const parsed = number(value);
  return parsed !== undefined && Number.isInteger(parsed) ? parsed : undefined;
}

/** Drops the fields that could not be read, so the stored object holds only real values. */
export function compact(parameters: EmbeddedParameters): EmbeddedParameters {
  return Object.fromEntries(Object.entries(parameters).filter(([, value]) => value !== undefined)) as unknown as EmbeddedParameters;
}

export function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
