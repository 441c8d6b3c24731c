import { expect } from 'chai';
import { ADMIN_AUTH, createTestApp, type TestApp } from '../helpers/create-test-app.ts';
import { decodeUserComment } from '../../plugins/image-assets/embedded-parameters/exif-user-comment.ts';
import { pngWithText, withUserComment } from './image-fixtures.ts';
import { getGeneration, newGeneration, upload } from './upload-helpers.ts';

const A1111 =
  'masterpiece, a knight in "shining" armour,\nstanding on a hill\n' +
  'Negative prompt: blurry, lowres\nextra fingers\n' +
  'Steps: 28, Sampler: DPM++ 2M Karras, CFG scale: 6.5, Seed: 1234567890, Size: 512x768, Model hash: 6ce0161689, ' +
  'Model: v1-5-pruned-emaonly, Lora hashes: "add_detail: 7c6bad76eb54, more, detail: 0123", Clip skip: 2, Version: v1.9.4';

const COMFY_PROMPT = {
  '3': {
    class_type: 'KSampler',
    inputs: { seed: 156680208700286, steps: 20, cfg: 8, sampler_name: 'euler', scheduler: 'normal', denoise: 1, model: ['10', 0], positive: ['6', 0], negative: ['7', 0], latent_image: ['5', 0] },
  },
  '4': { class_type: 'CheckpointLoaderSimple', inputs: { ckpt_name: 'sd_xl_base_1.0.safetensors' } },
  '5': { class_type: 'EmptyLatentImage', inputs: { width: 1024, height: 1024, batch_size: 1 } },
  '6': { class_type: 'CLIPTextEncode', inputs: { text: ['12', 0], clip: ['10', 1] } },
  '7': { class_type: 'CLIPTextEncode', inputs: { text: 'text, watermark', clip: ['10', 1] } },
  '8': { class_type: 'VAEDecode', inputs: { samples: ['3', 0], vae: ['4', 2] } },
  '10': { class_type: 'LoraLoader', inputs: { lora_name: 'detail.safetensors', strength_model: 1, model: ['4', 0], clip: ['4', 1] } },
  '12': { class_type: 'PrimitiveNode', inputs: { value: 'beautiful scenery nature glass bottle landscape, purple galaxy bottle' } },
};
const COMFY_WORKFLOW = { last_node_id: 12, nodes: [{ id: 3 }, { id: 4 }, { id: 5 }, { id: 6 }, { id: 7 }, { id: 8 }, { id: 10 }], links: [] };

const INVOKE = {
  generation_mode: 'txt2img',
  positive_prompt: 'a cosy cabin in the woods',
  negative_prompt: 'people',
  width: 768,
  height: 512,
  seed: 42,
  steps: 30,
  cfg_scale: 7.5,
  scheduler: 'euler_a',
  model: { name: 'Juggernaut XL v9', base: 'sdxl', key: 'abc' },
};

describe('generation uploads: parameters embedded in the image', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ plugins: ['image-assets', 'storage-local'] });
  });
  after(() => t.stop());

  async function uploadAndRead(bytes: Buffer, metadata: Record<string, unknown> = {}): Promise<Record<string, any>> {
    const { generation } = await newGeneration(t, 'embedded');
    if (Object.keys(metadata).length > 0) {
      await t.request.put(`/api/v1/generations/${generation.id}`).set('Authorization', ADMIN_AUTH).send({ metadata }).expect(200);
    }
    const res = await upload(t, generation.id, bytes);
    expect(res.status, res.text).to.equal(201);
    return (await getGeneration(t, generation.id)).metadata;
  }

  it('reads Automatic1111 `parameters` from a PNG: prompts, settings, size, model, and the rest as extra', async () => {
    const metadata = await uploadAndRead(await pngWithText({ parameters: A1111 }, '#010101'), { run: 7 });
    expect(metadata.run).to.equal(7);
    expect(metadata.embedded).to.deep.equal({
      source: 'automatic1111',
      prompt: 'masterpiece, a knight in "shining" armour,\nstanding on a hill',
      negative_prompt: 'blurry, lowres\nextra fingers',
      steps: 28,
      sampler: 'DPM++ 2M Karras',
      cfg_scale: 6.5,
      seed: 1234567890,
      width: 512,
      height: 768,
      model: 'v1-5-pruned-emaonly',
      model_hash: '6ce0161689',
      extra: { 'Lora hashes': 'add_detail: 7c6bad76eb54, more, detail: 0123', 'Clip skip': '2', Version: 'v1.9.4' },
    });
  });

  it('reads Automatic1111 parameters from the EXIF UserComment of JPEG and WebP images', async () => {
    for (const format of ['jpg', 'webp'] as const) {
      const metadata = await uploadAndRead(await withUserComment(format, A1111));
      expect(metadata.embedded, format).to.include({ source: 'automatic1111', steps: 28, seed: 1234567890, model: 'v1-5-pruned-emaonly' });
    }
    // An ordinary comment is not parameters.
    expect((await uploadAndRead(await withUserComment('jpg', 'holiday snap'))).embedded).to.equal(undefined);
  });

  it('decodes UTF-16 UserComments as Automatic1111 writes them (UNICODE, big-endian)', () => {
    const text = 'ein Ritter – Steps: 20';
    const be = Buffer.from(text, 'utf16le').swap16();
    expect(decodeUserComment(Buffer.concat([Buffer.from('UNICODE\0', 'latin1'), be]))).to.equal(text);
    expect(decodeUserComment(Buffer.concat([Buffer.from('UNICODE\0', 'latin1'), Buffer.from(text, 'utf16le')]))).to.equal(text);
    expect(decodeUserComment(Buffer.concat([Buffer.from('ASCII\0\0\0', 'latin1'), Buffer.from('Steps: 20')]))).to.equal('Steps: 20');
  });

  it('reads ComfyUI `prompt` (following links through LoRA and primitive nodes) and `workflow` chunks', async () => {
    const metadata = await uploadAndRead(
      await pngWithText({ prompt: JSON.stringify(COMFY_PROMPT), workflow: JSON.stringify(COMFY_WORKFLOW) }, '#020202', ['workflow']),
    );
    expect(metadata.embedded).to.deep.equal({
      source: 'comfyui',
      prompt: 'beautiful scenery nature glass bottle landscape, purple galaxy bottle',
      negative_prompt: 'text, watermark',
      steps: 20,
      sampler: 'euler',
      scheduler: 'normal',
      cfg_scale: 8,
      seed: 156680208700286,
      width: 1024,
      height: 1024,
      model: 'sd_xl_base_1.0.safetensors',
      workflow_nodes: 7,
      workflow: COMFY_WORKFLOW,
    });
  });

  it('keeps only the node count of a huge ComfyUI workflow', async () => {
    const workflow = { nodes: Array.from({ length: 3000 }, (_, id) => ({ id, widgets_values: ['x'.repeat(100)] })) };
    const metadata = await uploadAndRead(await pngWithText({ workflow: JSON.stringify(workflow) }, '#030303', ['workflow']));
    expect(metadata.embedded).to.deep.equal({ source: 'comfyui', workflow_nodes: 3000 });
  });

  it('reads InvokeAI `invokeai_metadata`, and the older `sd-metadata` and `Dream` chunks', async () => {
    const current = await uploadAndRead(await pngWithText({ invokeai_metadata: JSON.stringify(INVOKE) }, '#040404'));
    expect(current.embedded).to.deep.equal({
      source: 'invokeai',
      prompt: 'a cosy cabin in the woods',
      negative_prompt: 'people',
      steps: 30,
      scheduler: 'euler_a',
      cfg_scale: 7.5,
      seed: 42,
      width: 768,
      height: 512,
      model: 'Juggernaut XL v9',
    });
    const legacy = { model_weights: 'stable-diffusion-1.5', image: { prompt: [{ prompt: 'a red fox [blurry]', weight: 1 }], seed: 7, steps: 50, cfg_scale: 7.5, sampler: 'k_lms', width: 512, height: 512 } };
    const v2 = await uploadAndRead(await pngWithText({ 'sd-metadata': JSON.stringify(legacy) }, '#050505'));
    expect(v2.embedded).to.deep.include({ source: 'invokeai', prompt: 'a red fox', negative_prompt: 'blurry', seed: 7, steps: 50, model: 'stable-diffusion-1.5' });
    const v1 = await uploadAndRead(await pngWithText({ Dream: '"an owl at night [daylight]" -s 40 -S 99 -W 640 -H 448 -C 7.5 -A k_euler' }, '#060606'));
    expect(v1.embedded).to.deep.equal({ source: 'invokeai', prompt: 'an owl at night', negative_prompt: 'daylight', steps: 40, seed: 99, width: 640, height: 448, cfg_scale: 7.5, sampler: 'k_euler' });
  });

  it('ignores malformed chunks without failing the upload, and drops parameters of a replaced image', async () => {
    const broken = await pngWithText({ prompt: '{"3": {"class_type": "KSampler", "inputs": ', invokeai_metadata: 'not json', 'sd-metadata': '[1,2' }, '#070707');
    expect((await uploadAndRead(broken)).embedded).to.equal(undefined);
    const cyclic = { '1': { class_type: 'KSampler', inputs: { seed: 1, positive: ['2', 0], model: ['2', 0] } }, '2': { class_type: 'Reroute', inputs: { conditioning: ['1', 0], model: ['1', 0] } } };
    expect((await uploadAndRead(await pngWithText({ prompt: JSON.stringify(cyclic) }, '#080808'))).embedded).to.deep.equal({ source: 'comfyui', seed: 1 });

    const { generation } = await newGeneration(t, 'embedded');
    await upload(t, generation.id, await pngWithText({ parameters: A1111 }, '#090909')).expect(201);
    expect((await getGeneration(t, generation.id)).metadata.embedded.source).to.equal('automatic1111');
    await upload(t, generation.id, await pngWithText({}, '#0a0a0a')).expect(201);
    expect((await getGeneration(t, generation.id)).metadata).to.deep.equal({});
  });

  it('reads a 2 MB one-line parameters chunk in one pass, answering other requests meanwhile', async () => {
    // A1111's own regex backtracks quadratically on a long line without a colon: minutes on the event loop.
    const hostile = pngWithText({ parameters: `a cat\n${'ab '.repeat(700_000)}` }, '#0b0b0b');
    const { generation } = await newGeneration(t, 'embedded');
    const res = await upload(t, generation.id, await hostile);
    expect(res.status, res.text).to.equal(201);
    expect((await getGeneration(t, generation.id)).metadata.embedded).to.include({ source: 'automatic1111' });
    await t.request.get('/healthz').expect(200);
  });
});

