import type { GenerationParameters } from '../generation-parameters.ts';
import { comfySamplerAndScheduler } from './sampler-names.ts';

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The editor's format (what ComfyUI saves and loads as a workflow file): `nodes` and `links`. */
function isEditorWorkflow(value: unknown): value is Json {
  return isRecord(value) && Array.isArray(value.nodes);
}

/** The API format (what ComfyUI queues as a prompt, and also opens): `{ id: { class_type, inputs } }`. */
function isApiGraph(value: unknown): value is Json {
  return isRecord(value) && Object.keys(value).length > 0 && Object.values(value).every((node) => isRecord(node) && typeof node.class_type === 'string' && isRecord(node.inputs));
}

/**
 * Where a generation keeps the graph that made it: the file's workflow as the upload read it
 * (`metadata.embedded.workflow`), else a graph the client sent with its parameters or metadata.
 */
export function originalComfyGraph(generation: { parameters: Json; metadata: Json }): Json | undefined {
  const embedded = isRecord(generation.metadata.embedded) ? generation.metadata.embedded : {};
  const candidates = [embedded.workflow, embedded.prompt_graph, generation.parameters.workflow, generation.metadata.workflow];
  return candidates.find((graph): graph is Json => isEditorWorkflow(graph) || isApiGraph(graph));
}

// ComfyUI's own defaults for what a generation does not say (KSampler, EmptyLatentImage).
const DEFAULTS = { seed: 0, steps: 20, cfg: 8, sampler: 'euler', scheduler: 'normal', width: 512, height: 512 };

/**
 * The smallest API-format text-to-image graph that runs these parameters: checkpoint, two prompt
 * encoders, an empty latent, KSampler, VAE decode and save. Node ids follow ComfyUI's default graph.
 * LoRAs are chained LoraLoader nodes between the checkpoint and the sampler and encoders.
 */
export function comfyApiGraph(p: GenerationParameters): Json {
  const names = comfySamplerAndScheduler(p.sampler, p.scheduler);
  const loras: Json = {};
  let model: [string, number] = ['4', 0];
  let clip: [string, number] = ['4', 1];
  p.loras.forEach((name, i) => {
    const id = String(10 + i);
    loras[id] = { class_type: 'LoraLoader', inputs: { lora_name: name, strength_model: 1, strength_clip: 1, model, clip } };
    model = [id, 0];
    clip = [id, 1];
  });
  return {
    '3': {
      class_type: 'KSampler',
      inputs: {
        seed: p.seed ?? DEFAULTS.seed,
        steps: p.steps ?? DEFAULTS.steps,
        cfg: p.cfg_scale ?? DEFAULTS.cfg,
        sampler_name: names.sampler ?? DEFAULTS.sampler,
        scheduler: names.scheduler ?? DEFAULTS.scheduler,
        denoise: 1,
        model,
        positive: ['6', 0],
        negative: ['7', 0],
        latent_image: ['5', 0],
      },
    },
    '4': { class_type: 'CheckpointLoaderSimple', inputs: { ckpt_name: p.model ?? '' } },
    '5': { class_type: 'EmptyLatentImage', inputs: { width: p.width ?? DEFAULTS.width, height: p.height ?? DEFAULTS.height, batch_size: 1 } },
    '6': { class_type: 'CLIPTextEncode', inputs: { text: p.prompt ?? '', clip } },
    '7': { class_type: 'CLIPTextEncode', inputs: { text: p.negative_prompt ?? '', clip } },
    '8': { class_type: 'VAEDecode', inputs: { samples: ['3', 0], vae: ['4', 2] } },
    '9': { class_type: 'SaveImage', inputs: { filename_prefix: 'asset-forge', images: ['8', 0] } },
    ...loras,
  };
}
