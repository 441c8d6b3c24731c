import { ApiRouter, UnprocessableError, z } from '../../src/index.ts';
import { findVisibleGeneration } from './asset-access.ts';
import { generationParameters, type GenerationParameters } from './generation-parameters.ts';
import { generationParams } from './generation.schemas.ts';
import { automatic1111Text } from './use-again/automatic1111-text.ts';
import { comfyApiGraph, originalComfyGraph } from './use-again/comfyui-workflow.ts';
import { comfyWorkflowSchema, generationParametersSchema, useAgainQuery } from './use-again.schemas.ts';

/** Width and height alone come from the stored file itself; they say nothing of how it was made. */
function saysHowItWasMade(p: GenerationParameters): boolean {
  const { width: _w, height: _h, loras, embeddings, ...rest } = p;
  return Object.keys(rest).length > 0 || loras.length > 0 || embeddings.length > 0;
}

/** GET /api/v1/generations/:generation_id/parameters: a generation's parameters, ready to paste back into a generator. */
export function createUseAgainRoutes(): ApiRouter {
  return new ApiRouter().route(
    {
      method: 'get',
      path: '/api/v1/generations/:generation_id/parameters',
      summary: "A generation's parameters as JSON, A1111 text or a ComfyUI workflow",
      description:
        '"Use again": `json` answers the typed parameters (client parameters first, then those read from the image). ' +
        '`a1111` answers A1111 infotext (prompt, `Negative prompt:`, and `Steps: ..., Sampler: ..., Schedule type: ..., CFG scale: ..., Seed: ..., Size: WxH, Model hash: ..., Model: ...` with only the known settings; LoRAs the prompt does not call are added as `<lora:name:1>`). ' +
        '`comfyui` answers the workflow the image carried, else a minimal API-format text-to-image graph built from the parameters, as an attachment. ' +
        'A generation without any parameters answers 422 for `a1111` and `comfyui`.',
      tags: ['generations'],
      params: generationParams,
      query: useAgainQuery,
      responses: {
        200: {
          description: 'The parameters in the format asked',
          contents: { 'application/json': z.union([generationParametersSchema, comfyWorkflowSchema]), 'text/plain': undefined },
        },
        422: { description: 'The generation has no parameters to write in this format' },
      },
    },
    async ({ params, query, principal, res }) => {
      const generation = await findVisibleGeneration(params.generation_id, principal);
      const parameters = generationParameters(generation);
      if (query.format === 'json') return parameters;
      const original = query.format === 'comfyui' ? originalComfyGraph(generation) : undefined;
      if (!original && !saysHowItWasMade(parameters)) {
        throw new UnprocessableError(`Generation ${generation.id} has no parameters to write as ${query.format === 'a1111' ? 'A1111 text' : 'a ComfyUI workflow'}.`, {
          generation_id: generation.id,
        });
      }
      if (query.format === 'a1111') {
        res.type('text/plain; charset=utf-8').send(automatic1111Text(parameters));
        return;
      }
      res.setHeader('Content-Disposition', `attachment; filename="generation-${generation.id}-workflow.json"`);
      return original ?? comfyApiGraph(parameters);
    },
  );
}
