import { deflateSync } from 'node:zlib';
import { expect } from 'chai';
import { createTestApp, type TestApp } from '../helpers/create-test-app.ts';
import { pngChunk } from '../storage/fixtures.ts';
import { pngWithText, solidImage } from './image-fixtures.ts';
import { getGeneration, newGeneration, upload } from './upload-helpers.ts';

const MB = 1_000_000;
const A1111_SETTINGS = 'Steps: 20, Sampler: Euler a, CFG scale: 7, Seed: 5, Size: 512x512';

/** A PNG with these chunks placed just before IEND, after the image data. */
async function pngWithTrailingChunks(chunks: Buffer[]): Promise<Buffer> {
  const png = await solidImage('png', 16, 12, '#102030');
  return Buffer.concat([png.subarray(0, png.length - 12), ...chunks, png.subarray(png.length - 12)]);
}

function iTXt(keyword: string, text: string, compressed: boolean): Buffer {
  const body = compressed ? deflateSync(Buffer.from(text, 'utf8')) : Buffer.from(text, 'utf8');
  return pngChunk('iTXt', Buffer.concat([Buffer.from(`${keyword}\0${compressed ? '\x01' : '\0'}\0en\0\0`, 'latin1'), body]));
}

describe('generation uploads: PNG text chunks, read safely', function () {
  this.timeout(120_000);
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ plugins: ['image-assets', 'storage-local'] });
  });
  after(() => t?.stop());

  async function embeddedOf(png: Buffer): Promise<Record<string, any> | undefined> {
    const { generation } = await newGeneration(t, 'chunks');
    const res = await upload(t, generation.id, png, 'image.png');
    expect(res.status, res.text).to.equal(201);
    return (await getGeneration(t, generation.id)).metadata.embedded;
  }

  it('decodes tEXt as Latin-1, zTXt after inflating, and iTXt as UTF-8, as Pillow writes them', async () => {
    const latin = 'crème brûlée, Müller, niño';
    const plain = await embeddedOf(await pngWithText({ parameters: `${latin}\n${A1111_SETTINGS}` }));
    expect(plain).to.include({ source: 'automatic1111', prompt: latin, steps: 20 });
    const zipped = await embeddedOf(await pngWithText({ parameters: `${latin}\n${A1111_SETTINGS}` }, '#223344', ['parameters']));
    expect(zipped).to.include({ prompt: latin, seed: 5 });
    const unicode = '富士山の夕焼け, crème';
    for (const compressed of [false, true]) {
      const utf8 = await embeddedOf(await pngWithTrailingChunks([iTXt('parameters', `${unicode}\n${A1111_SETTINGS}`, compressed)]));
      expect(utf8, `iTXt compressed=${compressed}`).to.include({ prompt: unicode, cfg_scale: 7 });
    }
  });

  it('reads a parameters chunk that comes after the image data', async () => {
    const trailing = pngChunk('tEXt', Buffer.from(`parameters\0a lighthouse at dusk\n${A1111_SETTINGS}`, 'latin1'));
    expect(await embeddedOf(await pngWithTrailingChunks([trailing]))).to.include({ source: 'automatic1111', prompt: 'a lighthouse at dusk', steps: 20 });
  });

  it('reads 1 MB adversarial chunks for every parser, while /healthz keeps answering', async () => {
    const brackets = '['.repeat(MB);
    const cases: Array<{ chunks: Record<string, string>; expected: Record<string, unknown> }> = [
      { chunks: { Dream: `"owl ${brackets}" -s 40 -S 99` }, expected: { source: 'invokeai', steps: 40, seed: 99 } },
      { chunks: { Dream: `"owl" ${' -s'.repeat(MB / 3)} -S 12` }, expected: { source: 'invokeai', seed: 12 } },
      { chunks: { 'sd-metadata': JSON.stringify({ model_weights: 'sd-1.5', image: { prompt: `fox ${brackets}`, seed: 7 } }) }, expected: { source: 'invokeai', seed: 7 } },
      { chunks: { invokeai_metadata: JSON.stringify({ seed: 42, positive_prompt: `${brackets}]` }) }, expected: { source: 'invokeai', seed: 42 } },
      { chunks: { parameters: `${'a:"'.repeat(MB / 3)}\n${A1111_SETTINGS}` }, expected: { source: 'automatic1111', steps: 20 } },
      { chunks: { parameters: `cat\nSteps: 20, Seed: 3, Sampler: Euler, Note: "${'\\'.repeat(MB)}` }, expected: { source: 'automatic1111', seed: 3 } },
      {
        chunks: {
          prompt: JSON.stringify({
            '1': { class_type: 'KSampler', inputs: { seed: 3, positive: ['2', 0] } },
            '2': { class_type: 'CLIPTextEncode', inputs: { text: brackets } },
          }),
        },
        expected: { source: 'comfyui', seed: 3 },
      },
      { chunks: { workflow: JSON.stringify({ nodes: Array.from({ length: 100_000 }, (_, id) => ({ id })) }) }, expected: { source: 'comfyui', workflow_nodes: 100_000 } },
    ];

    let polling = true;
    let slowestPollMs = 0;
    let polls = 0;
    const poller = (async () => {
      while (polling) {
        const started = Date.now();
        await t.request.get('/healthz').expect(200);
        slowestPollMs = Math.max(slowestPollMs, Date.now() - started);
        polls += 1;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    try {
      for (const { chunks, expected } of cases) {
        const png = await pngWithText(chunks, '#332211');
        expect(png.length).to.be.above(MB / 2);
        expect(await embeddedOf(png), Object.keys(chunks).join()).to.include(expected);
      }
    } finally {
      polling = false;
      await poller;
    }
    expect(polls).to.be.above(cases.length);
    // Liveness, not speed: a parser on the event loop would hold one poll for the whole parse (seconds to minutes).
    expect(slowestPollMs, 'the slowest /healthz during the uploads, in ms').to.be.below(2000);
  });

  it('skips a text chunk over the 4 MiB bound and a zTXt that inflates past it, reading the others', async () => {
    const huge = JSON.stringify({ '1': { class_type: 'KSampler', inputs: { seed: 1, note: 'x'.repeat(5 * 1024 * 1024) } } });
    const oversized = await embeddedOf(await pngWithText({ prompt: huge, parameters: `kept\n${A1111_SETTINGS}` }));
    expect(oversized).to.include({ source: 'automatic1111', prompt: 'kept' });

    const bomb = pngChunk('zTXt', Buffer.concat([Buffer.from('prompt\0\0', 'latin1'), deflateSync(Buffer.alloc(64 * 1024 * 1024, 0x20))]));
    expect(bomb.length).to.be.below(MB);
    const trailing = pngChunk('tEXt', Buffer.from(`parameters\0still read\n${A1111_SETTINGS}`, 'latin1'));
    expect(await embeddedOf(await pngWithTrailingChunks([bomb, trailing]))).to.include({ source: 'automatic1111', prompt: 'still read' });
  });
});
