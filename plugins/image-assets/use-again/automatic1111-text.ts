import type { GenerationParameters } from '../generation-parameters.ts';
import { a1111Sampler, a1111Scheduler } from './sampler-names.ts';

/** A1111 quotes a value that would break its `Key: value, ...` line (see its `quote()`). */
function settingValue(value: string): string {
  return /[,:\n"]/.test(value) ? JSON.stringify(value) : value;
}

/** The prompt with `<lora:name:1>` for each LoRA it does not already call (A1111 reads LoRAs from the prompt). */
function promptWithLoras(prompt: string | undefined, loras: string[]): string {
  const calls = prompt?.toLowerCase() ?? '';
  const missing = loras.filter((name) => !calls.includes(`<lora:${name.toLowerCase()}:`));
  return [prompt ?? '', ...missing.map((name) => `<lora:${name}:1>`)].filter(Boolean).join(' ');
}

/**
 * A1111's infotext, as its PNG `parameters` chunk and its "Read generation parameters" button
 * take it: the prompt, `Negative prompt: ...`, and one line of settings, only those known.
 */
export function automatic1111Text(p: GenerationParameters): string {
  const settings: Array<[string, string | number | undefined]> = [
    ['Steps', p.steps],
    ['Sampler', p.sampler === undefined ? undefined : a1111Sampler(p.sampler)],
    ['Schedule type', p.scheduler === undefined ? undefined : a1111Scheduler(p.scheduler)],
    ['CFG scale', p.cfg_scale],
    ['Seed', p.seed],
    ['Size', p.width !== undefined && p.height !== undefined ? `${p.width}x${p.height}` : undefined],
    ['Model hash', p.model_hash],
    ['Model', p.model],
  ];
  const line = settings
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => `${key}: ${typeof value === 'number' ? value : settingValue(value)}`)
    .join(', ');
  const prompt = promptWithLoras(p.prompt, p.loras);
  return [prompt, p.negative_prompt === undefined ? '' : `Negative prompt: ${p.negative_prompt}`, line].filter(Boolean).join('\n');
}
