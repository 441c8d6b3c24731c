import { z } from '../../src/index.ts';

export const USE_AGAIN_FORMATS = ['json', 'a1111', 'comfyui'] as const;
export type UseAgainFormat = (typeof USE_AGAIN_FORMATS)[number];

export const useAgainQuery = z.object({
  format: z
    .enum(USE_AGAIN_FORMATS)
    .default('json')
    .meta({ description: '`json`: the typed parameters; `a1111`: A1111 infotext (text/plain); `comfyui`: a ComfyUI workflow file (application/json, attachment).' }),
});

const name = z.string();

/** generationParameters() as JSON: every field absent when the generation does not say. */
export const generationParametersSchema = z
  .strictObject({
    source: name.optional().meta({ description: 'The generator that wrote the file’s parameters (automatic1111, comfyui, ...).' }),
    prompt: z.string().optional(),
    negative_prompt: z.string().optional(),
    model: name.optional(),
    model_hash: name.optional(),
    sampler: name.optional(),
    scheduler: name.optional(),
    steps: z.number().int().optional(),
    cfg_scale: z.number().optional(),
    seed: z.number().int().optional(),
    width: z.number().int().min(1).optional(),
    height: z.number().int().min(1).optional(),
    loras: z.array(name),
    embeddings: z.array(name),
  })
  .meta({ id: 'GenerationParameters', description: 'A generation’s parameters: what the client sent, then what was read from its image.' });

const apiNode = z.looseObject({ class_type: z.string(), inputs: z.record(z.string(), z.unknown()) });

/** A ComfyUI workflow file: the API format (nodes by id) or the editor's (nodes and links). */
export const comfyWorkflowSchema = z
  .union([z.record(z.string(), apiNode), z.looseObject({ nodes: z.array(z.unknown()) })])
  .meta({ id: 'ComfyWorkflow', description: 'A ComfyUI workflow: `{ id: { class_type, inputs } }` (API format) or the editor’s `{ nodes, links, ... }`.' });
