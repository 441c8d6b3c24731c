/**
 * Sampler and scheduler names as A1111 shows them and as ComfyUI's KSampler takes them, so a
 * generation made in one can be written for the other. Names not listed pass through unchanged.
 */
const SAMPLERS: Array<[a1111: string, comfyui: string]> = [
  ['Euler', 'euler'],
  ['Euler a', 'euler_ancestral'],
  ['Heun', 'heun'],
  ['DPM2', 'dpm_2'],
  ['DPM2 a', 'dpm_2_ancestral'],
  ['LMS', 'lms'],
  ['DPM fast', 'dpm_fast'],
  ['DPM adaptive', 'dpm_adaptive'],
  ['DPM++ 2S a', 'dpmpp_2s_ancestral'],
  ['DPM++ SDE', 'dpmpp_sde'],
  ['DPM++ 2M', 'dpmpp_2m'],
  ['DPM++ 2M SDE', 'dpmpp_2m_sde'],
  ['DPM++ 3M SDE', 'dpmpp_3m_sde'],
  ['DDIM', 'ddim'],
  ['UniPC', 'uni_pc'],
  ['LCM', 'lcm'],
];

const SCHEDULERS: Array<[a1111: string, comfyui: string]> = [
  ['Automatic', 'normal'],
  ['Normal', 'normal'],
  ['Karras', 'karras'],
  ['Exponential', 'exponential'],
  ['SGM Uniform', 'sgm_uniform'],
  ['Simple', 'simple'],
  ['DDIM', 'ddim_uniform'],
  ['Beta', 'beta'],
];

const lookup = (pairs: Array<[string, string]>, from: 0 | 1) => new Map(pairs.map((pair) => [pair[from].toLowerCase(), pair[1 - from]]));
const SAMPLER_TO_COMFY = lookup(SAMPLERS, 0);
const SAMPLER_TO_A1111 = lookup(SAMPLERS, 1);
const SCHEDULER_TO_COMFY = lookup(SCHEDULERS, 0);
const SCHEDULER_TO_A1111 = new Map(SCHEDULERS.filter(([a1111]) => a1111 !== 'Automatic').map(([a1111, comfy]) => [comfy, a1111]));

/** Older A1111 versions put the schedule in the sampler's name (`DPM++ 2M Karras`). */
const SCHEDULE_SUFFIX = / (Karras|Exponential)$/i;

export function comfySamplerAndScheduler(sampler: string | undefined, scheduler: string | undefined): { sampler?: string; scheduler?: string } {
  let name = sampler;
  let schedule = scheduler;
  const suffix = name === undefined ? null : SCHEDULE_SUFFIX.exec(name);
  if (name !== undefined && suffix && !SAMPLER_TO_COMFY.has(name.toLowerCase())) {
    name = name.slice(0, suffix.index);
    schedule ??= suffix[1];
  }
  return {
    sampler: name === undefined ? undefined : (SAMPLER_TO_COMFY.get(name.toLowerCase()) ?? name),
    scheduler: schedule === undefined ? undefined : (SCHEDULER_TO_COMFY.get(schedule.toLowerCase()) ?? schedule),
  };
}

export const a1111Sampler = (sampler: string) => SAMPLER_TO_A1111.get(sampler.toLowerCase()) ?? sampler;
export const a1111Scheduler = (scheduler: string) => SCHEDULER_TO_A1111.get(scheduler.toLowerCase()) ?? scheduler;
