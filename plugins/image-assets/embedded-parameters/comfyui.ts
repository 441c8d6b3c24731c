import { compact, integer, isRecord, MAX_WORKFLOW_JSON, number, parseJson, text, type EmbeddedParameters } from './embedded-parameters.ts';

interface ApiNode {
  class_type: string;
  inputs: Record<string, unknown>;
}

type Graph = Map<string, ApiNode>;

// Sampler nodes whose inputs carry the generation settings, best first.
const SAMPLERS = ['KSampler', 'KSamplerAdvanced', 'SamplerCustom', 'SamplerCustomAdvanced', 'KSampler (Efficient)'];
const MAX_HOPS = 12;

function apiGraph(raw: string): Graph | null {
  const parsed = parseJson(raw);
  if (!isRecord(parsed)) return null;
  const graph: Graph = new Map();
  for (const [id, node] of Object.entries(parsed)) {
    if (isRecord(node) && typeof node.class_type === 'string' && isRecord(node.inputs)) {
      graph.set(id, { class_type: node.class_type, inputs: node.inputs });
    }
  }
  return graph.size > 0 ? graph : null;
}

/** An input wired to another node's output is `[nodeId, outputIndex]`. */
function linked(graph: Graph, value: unknown): ApiNode | undefined {
  return Array.isArray(value) && value.length === 2 && (typeof value[0] === 'string' || typeof value[0] === 'number')
    ? graph.get(String(value[0]))
    : undefined;
}

/**
 * Follows a link upstream until a node has one of these inputs as a literal value
 * (through reroutes, primitives, LoRA loaders, conditioning combiners...).
 */
function upstreamValue(graph: Graph, start: unknown, names: string[], via: string[]): unknown {
  let node = linked(graph, start);
  // Bounded, so a cyclic graph in a hostile file cannot loop.
  for (let hop = 0; node && hop < MAX_HOPS; hop += 1) {
    const current: ApiNode = node;
    const own = names.map((name) => current.inputs[name]).find((value) => value !== undefined);
    if (own !== undefined && !Array.isArray(own)) return own;
    const onward = own ?? via.map((name) => current.inputs[name]).find((value) => linked(graph, value));
    node = linked(graph, onward);
  }
  return undefined;
}

function firstSampler(graph: Graph): ApiNode | undefined {
  for (const type of SAMPLERS) {
    const ids = [...graph.keys()].filter((id) => graph.get(id)?.class_type === type);
    ids.sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
    if (ids[0]) return graph.get(ids[0]);
  }
  return undefined;
}

function workflowSummary(raw: string | undefined): Pick<EmbeddedParameters, 'workflow_nodes' | 'workflow'> {
  if (raw === undefined) return {};
  const parsed = parseJson(raw);
  if (!isRecord(parsed)) return {};
  const nodes = Array.isArray(parsed.nodes) ? parsed.nodes.length : undefined;
  return { workflow_nodes: nodes, workflow: raw.length <= MAX_WORKFLOW_JSON ? parsed : undefined };
}

/**
 * Reads ComfyUI's `prompt` chunk (the API-format graph that ran) and `workflow` chunk (the editor's
 * graph). Settings come from the first sampler node; prompts from the text encoders wired to its
 * positive and negative inputs; the model from the checkpoint loader upstream of it.
 */
export function parseComfyUi(promptChunk: string | undefined, workflowChunk: string | undefined): EmbeddedParameters | null {
  const graph = promptChunk === undefined ? null : apiGraph(promptChunk);
  const workflow = workflowSummary(workflowChunk);
  if (!graph && workflow.workflow_nodes === undefined) return null;
  const sampler = graph ? firstSampler(graph) : undefined;
  const inputs = sampler?.inputs ?? {};
  const textInputs = ['text', 'text_g', 'string', 'value', 'prompt'];
  const conditioningHops = ['conditioning', 'conditioning_1', 'conditioning_to', 'positive', 'guider'];
  const modelHops = ['model', 'unet', 'clip'];
  const findInGraph = (type: string, input: string) =>
    graph ? [...graph.values()].find((node) => node.class_type === type && typeof node.inputs[input] === 'string')?.inputs[input] : undefined;
  const model = graph ? upstreamValue(graph, inputs.model, ['ckpt_name', 'unet_name', 'model_name'], modelHops) ?? findInGraph('CheckpointLoaderSimple', 'ckpt_name') : undefined;
  const latent = graph ? linked(graph, inputs.latent_image) : undefined;

  return compact({
    source: 'comfyui',
    prompt: graph ? text(upstreamValue(graph, inputs.positive, textInputs, conditioningHops)) : undefined,
    negative_prompt: graph ? text(upstreamValue(graph, inputs.negative, textInputs, conditioningHops)) : undefined,
    steps: integer(inputs.steps),
    sampler: text(inputs.sampler_name),
    scheduler: text(inputs.scheduler),
    cfg_scale: number(inputs.cfg),
    seed: integer(inputs.seed ?? inputs.noise_seed),
    width: integer(latent?.inputs.width),
    height: integer(latent?.inputs.height),
    model: text(model),
    ...workflow,
  });
}
