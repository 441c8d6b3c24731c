import { expect } from 'chai';
import { parseAutomatic1111 } from '../../plugins/image-assets/embedded-parameters/automatic1111.ts';
import { ADMIN_AUTH, createTestApp, type TestApp } from '../helpers/create-test-app.ts';
import { pngWithText } from '../uploads/image-fixtures.ts';
import { upload } from '../uploads/upload-helpers.ts';
import { createAsset, createGeneration, scopedAuth } from './helpers.ts';

const A1111_TEXT = [
  'masterpiece, a knight in shining armour, <lora:add_detail:0.7>',
  'standing on a hill',
  'Negative prompt: blurry, lowres',
  'Steps: 28, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 6.5, Seed: 1234567890, Size: 16x12, Model hash: 6ce0161689, Model: v1-5-pruned-emaonly',
].join('\n');

const COMFY_WORKFLOW = {
  last_node_id: 9,
  nodes: [
    { id: 3, type: 'KSampler' },
    { id: 4, type: 'CheckpointLoaderSimple' },
  ],
  links: [],
  version: 0.4,
};

type Graph = Record<string, { class_type: string; inputs: Record<string, unknown> }>;

/** The node a link `[id, output]` points at, which must exist. */
function target(graph: Graph, link: unknown): { class_type: string; inputs: Record<string, unknown> } {
  expect(link).to.be.an('array').with.length(2);
  const node = graph[String((link as unknown[])[0])];
  expect(node, `a node at ${JSON.stringify(link)}`).to.exist;
  return node;
}

describe('GET /api/v1/generations/:generation_id/parameters ("use again")', function () {
  this.timeout(30_000);
  let t: TestApp;
  let uploaded: string;
  let fromClient: string;
  let bare: string;

  const get = (id: string, format?: string, auth = ADMIN_AUTH) =>
    t.request.get(`/api/v1/generations/${id}/parameters`).query(format ? { format } : {}).set('Authorization', auth);

  before(async () => {
    t = await createTestApp({ plugins: ['image-assets', 'storage-local'] });
    const asset = await createAsset(t, 'again');
    uploaded = (await createGeneration(t, asset.id, { parameters: {} })).id;
    const res = await upload(t, uploaded, await pngWithText({ parameters: A1111_TEXT }), 'knight.png');
    expect(res.status, res.text).to.equal(201);
    fromClient = (
      await createGeneration(t, asset.id, {
        parameters: {
          prompt: 'a lighthouse in a storm',
          negative_prompt: 'people',
          model: 'sd_xl_base_1.0.safetensors',
          sampler: 'euler_ancestral',
          scheduler: 'karras',
          steps: 30,
          cfg_scale: 7,
          seed: 42,
          width: 832,
          height: 1216,
          loras: ['film_grain.safetensors'],
        },
      })
    ).id;
    bare = (await createGeneration(t, asset.id, { parameters: {} })).id;
  });
  after(() => t?.stop());

  it('answers the typed parameters as JSON by default', async () => {
    const { body, headers } = await get(uploaded).expect(200);
    expect(headers['content-type']).to.match(/^application\/json/);
    expect(body).to.deep.equal({
      source: 'automatic1111',
      prompt: 'masterpiece, a knight in shining armour, <lora:add_detail:0.7>\nstanding on a hill',
      negative_prompt: 'blurry, lowres',
      model: 'v1-5-pruned-emaonly',
      model_hash: '6ce0161689',
      sampler: 'DPM++ 2M',
      scheduler: 'Karras',
      steps: 28,
      cfg_scale: 6.5,
      seed: 1234567890,
      width: 16,
      height: 12,
      loras: [],
      embeddings: [],
    });
    expect((await get(bare, 'json').expect(200)).body).to.deep.equal({ loras: [], embeddings: [] });
  });

  it('writes A1111 text that A1111’s own format reads back to the same parameters', async () => {
    const res = await get(uploaded, 'a1111').expect(200);
    expect(res.headers['content-type']).to.match(/^text\/plain/);
    expect(res.text).to.equal(A1111_TEXT);
    const parsed = parseAutomatic1111(res.text);
    const { body: json } = await get(uploaded).expect(200);
    expect(parsed).to.deep.include({
      prompt: json.prompt,
      negative_prompt: json.negative_prompt,
      steps: 28,
      sampler: 'DPM++ 2M',
      scheduler: 'Karras',
      cfg_scale: 6.5,
      seed: 1234567890,
      width: 16,
      height: 12,
      model: 'v1-5-pruned-emaonly',
      model_hash: '6ce0161689',
    });
  });

  it("writes a client's parameters in A1111's names, adding LoRAs the prompt does not call", async () => {
    const res = await get(fromClient, 'a1111').expect(200);
    expect(res.text).to.equal(
      'a lighthouse in a storm <lora:film_grain.safetensors:1>\nNegative prompt: people\n' +
        'Steps: 30, Sampler: Euler a, Schedule type: Karras, CFG scale: 7, Seed: 42, Size: 832x1216, Model: sd_xl_base_1.0.safetensors',
    );
    expect(parseAutomatic1111(res.text)).to.deep.include({ sampler: 'Euler a', scheduler: 'Karras', seed: 42, width: 832, height: 1216, model: 'sd_xl_base_1.0.safetensors' });
  });

  it('builds a runnable ComfyUI API graph from the parameters when the image carried none', async () => {
    const res = await get(uploaded, 'comfyui').expect(200);
    expect(res.headers['content-type']).to.match(/^application\/json/);
    expect(res.headers['content-disposition']).to.equal(`attachment; filename="generation-${uploaded}-workflow.json"`);
    const graph = JSON.parse(res.text) as Graph;
    const types = Object.values(graph).map((n) => n.class_type).sort();
    expect(types).to.deep.equal(['CLIPTextEncode', 'CLIPTextEncode', 'CheckpointLoaderSimple', 'EmptyLatentImage', 'KSampler', 'SaveImage', 'VAEDecode']);
    const [, sampler] = Object.entries(graph).find(([, n]) => n.class_type === 'KSampler')!;
    expect(sampler.inputs).to.deep.include({ seed: 1234567890, steps: 28, cfg: 6.5, sampler_name: 'dpmpp_2m', scheduler: 'karras', denoise: 1 });
    expect(target(graph, sampler.inputs.model)).to.deep.equal({ class_type: 'CheckpointLoaderSimple', inputs: { ckpt_name: 'v1-5-pruned-emaonly' } });
    expect(target(graph, sampler.inputs.positive).inputs.text).to.equal('masterpiece, a knight in shining armour, <lora:add_detail:0.7>\nstanding on a hill');
    expect(target(graph, sampler.inputs.negative).inputs.text).to.equal('blurry, lowres');
    expect(target(graph, sampler.inputs.latent_image)).to.deep.equal({ class_type: 'EmptyLatentImage', inputs: { width: 16, height: 12, batch_size: 1 } });
    // Every link in the graph points at a node that exists.
    for (const node of Object.values(graph)) for (const value of Object.values(node.inputs)) if (Array.isArray(value)) target(graph, value);
  });

  it('chains the LoRAs of a client’s parameters into the graph', async () => {
    const graph = (await get(fromClient, 'comfyui').expect(200)).body as Graph;
    const sampler = Object.values(graph).find((n) => n.class_type === 'KSampler')!;
    expect(sampler.inputs).to.deep.include({ sampler_name: 'euler_ancestral', scheduler: 'karras', seed: 42, steps: 30, cfg: 7 });
    const lora = target(graph, sampler.inputs.model);
    expect(lora.class_type).to.equal('LoraLoader');
    expect(lora.inputs).to.deep.include({ lora_name: 'film_grain.safetensors' });
    expect(target(graph, lora.inputs.model).class_type).to.equal('CheckpointLoaderSimple');
    expect(target(graph, target(graph, sampler.inputs.positive).inputs.clip)).to.equal(lora);
  });

  it('answers the workflow the image carried, as it was', async () => {
    const asset = await createAsset(t, 'again');
    const generation = await createGeneration(t, asset.id, { parameters: {} });
    const res = await upload(t, generation.id, await pngWithText({ workflow: JSON.stringify(COMFY_WORKFLOW) }), 'comfy.png');
    expect(res.status, res.text).to.equal(201);
    const workflow = await get(generation.id, 'comfyui').expect(200);
    expect(JSON.parse(workflow.text)).to.deep.equal(COMFY_WORKFLOW);
    expect(workflow.headers['content-disposition']).to.match(/^attachment; filename=/);
  });

  it('answers 422 for a1111 and comfyui when the generation has no parameters, 400 for an unknown format', async () => {
    for (const format of ['a1111', 'comfyui']) {
      const res = await get(bare, format).expect(422);
      expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
      expect(res.body.detail).to.include('no parameters');
    }
    const bad = await get(uploaded, 'png').expect(400);
    expect(bad.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).to.include('query.format');
  });

  it('answers 404 for an unknown generation and for one outside a scoped key’s projects', async () => {
    await get('00000000-0000-4000-8000-000000000000').expect(404);
    await get('not-a-uuid', 'a1111').expect(404);
    const elsewhere = await scopedAuth(t, ['elsewhere'], false);
    const res = await get(uploaded, 'a1111', elsewhere).expect(404);
    expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
    const own = await scopedAuth(t, ['again'], false);
    await get(uploaded, 'a1111', own).expect(200);
  });
});
