import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { SEARCH } from '../../plugins/search/tokens.ts';
import { ADMIN_AUTH, createTestApp, type TestApp } from '../helpers/create-test-app.ts';
import { createAsset, createGeneration } from '../image-assets/helpers.ts';
import { pngWithText } from '../uploads/image-fixtures.ts';
import { upload } from '../uploads/upload-helpers.ts';
import { MeiliError } from '../helpers/meilisearch-contract/errors.ts';
import { searchTargets, startTarget, type StartedTarget } from './fixtures/search-targets.ts';

const A1111_TEXT = [
  'a red dragon over misty mountains, highly detailed',
  'Negative prompt: watermark, signature',
  'Steps: 30, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 7, Seed: 123456, Size: 512x768, Model hash: 6ce0161689, Model: dreamshaper_8',
].join('\n');

type Query = Record<string, string | number | string[]>;

/** Every expectation here holds on every engine alike: that is the parity of parameter search. */
for (const target of searchTargets()) {
  describe(`search by generation parameters (${target.title})`, function () {
    this.timeout(60_000);
    let started: StartedTarget;
    let t: TestApp;
    const ids: Record<string, string> = {};
    let juggernaut: string;

    const drain = () => t.container.get(SEARCH.outboxWorker).drain();
    const search = (query: Query, project = 'params') => t.request.get(`/api/v1/projects/${project}/assets/search`).query(query).set('Authorization', ADMIN_AUTH);
    const names = async (query: Query) => {
      const res = await search(query);
      expect(res.status, res.text).to.equal(200);
      expect(res.body.total).to.equal(res.body.assets.length);
      return (res.body.assets as Array<{ name: string }>).map((a) => a.name).sort();
    };

    before(async function () {
      started = await startTarget(target, this);
      t = await createTestApp({
        plugins: ['search', 'image-assets', 'storage-local'],
        config: { search: { drainIntervalMs: 0 }, 'search-meilisearch': { indexPrefix: `af_params_${randomBytes(4).toString('hex')}_` } },
        env: started.env,
      });
      const knight = await createAsset(t, 'params', { name: 'Gallery knight' });
      await createGeneration(t, knight.id, {
        parameters: {
          prompt: 'a knight in shining armor, castle at dusk',
          negative_prompt: 'blurry, lowres',
          model: 'SDXL Base',
          sampler: 'Euler a',
          scheduler: 'Karras',
          width: 832,
          height: 1216,
          loras: ['detail_tweaker', 'film_grain'],
          embeddings: ['easynegative'],
        },
      });
      const dragon = await createAsset(t, 'params', { name: 'Gallery dragon' });
      const uploaded = await createGeneration(t, dragon.id, { parameters: {} });
      const res = await upload(t, uploaded.id, await pngWithText({ parameters: A1111_TEXT }), 'dragon.png');
      expect(res.status, res.text).to.equal(201);
      const mixed = await createAsset(t, 'params', { name: 'Gallery mixed' });
      await createGeneration(t, mixed.id, { parameters: { prompt: 'a quiet harbour', model: 'SDXL Base', sampler: 'Euler a', width: 1024, height: 1024, loras: ['film_grain'] } });
      juggernaut = (await createGeneration(t, mixed.id, { parameters: { prompt: 'a stormy harbour', model: 'juggernaut_xl', sampler: 'DPM++ 2M SDE', width: 832, height: 1216 } })).id;
      const other = await createAsset(t, 'elsewhere', { name: 'Gallery elsewhere' });
      await createGeneration(t, other.id, { parameters: { prompt: 'a knight', model: 'SDXL Base' } });
      Object.assign(ids, { knight: knight.id, dragon: dragon.id, mixed: mixed.id });
      await drain();
    });
    after(async () => {
      await t?.stop();
      await started?.stop();
    });

    it('finds assets by words of their prompts and negative prompts, in the fields asked', async () => {
      expect(await names({ q: 'knight armor' })).to.deep.equal(['Gallery knight']);
      expect(await names({ q: 'dragon mountains' })).to.deep.equal(['Gallery dragon']);
      expect(await names({ q: 'harbour' })).to.deep.equal(['Gallery mixed']);
      expect(await names({ q: 'watermark' })).to.deep.equal(['Gallery dragon']);
      expect(await names({ q: 'watermark', fields: 'prompt' })).to.deep.equal([]);
      expect(await names({ q: 'watermark', fields: 'negative_prompt' })).to.deep.equal(['Gallery dragon']);
      expect(await names({ q: 'lowres', fields: 'negative_prompt' })).to.deep.equal(['Gallery knight']);
    });

    it('filters by model (case-insensitive, any of several), sampler, scheduler, source, LoRA, embedding and size', async () => {
      expect(await names({ q: 'gallery', model: 'sdxl base' })).to.deep.equal(['Gallery knight', 'Gallery mixed']);
      expect(await names({ q: 'gallery', model: ['SDXL Base', 'dreamshaper_8'] })).to.deep.equal(['Gallery dragon', 'Gallery knight', 'Gallery mixed']);
      expect(await names({ q: 'gallery', sampler: 'DPM++ 2M' })).to.deep.equal(['Gallery dragon']);
      expect(await names({ q: 'gallery', scheduler: 'Karras' })).to.deep.equal(['Gallery dragon', 'Gallery knight']);
      expect(await names({ q: 'gallery', source: 'automatic1111' })).to.deep.equal(['Gallery dragon']);
      expect(await names({ q: 'gallery', lora: 'film_grain' })).to.deep.equal(['Gallery knight', 'Gallery mixed']);
      expect(await names({ q: 'gallery', embedding: 'easynegative' })).to.deep.equal(['Gallery knight']);
      expect(await names({ q: 'gallery', size: '832x1216' })).to.deep.equal(['Gallery knight', 'Gallery mixed']);
      // The stored file's own size (the fixture is 16x12) wins over the size its text claims.
      expect(await names({ q: 'gallery', size: '16x12', model: 'dreamshaper_8' })).to.deep.equal(['Gallery dragon']);
      expect(await names({ q: 'gallery', size: '512x768' })).to.deep.equal([]);
      expect(await names({ q: 'gallery', size: '16x12', model: 'SDXL Base' })).to.deep.equal([]);
      expect(await names({ q: 'harbour', lora: 'detail_tweaker' })).to.deep.equal([]);
    });

    it('counts facets over every match of the search (not only the page), most frequent first, in one request', async () => {
      const { body } = await search({ q: 'gallery', facets: 'model,sampler,lora,size,source', limit: 1 }).expect(200);
      expect(body.assets).to.have.length(1);
      expect(body.total).to.equal(3);
      expect(body.facets).to.deep.equal({
        model: [
          { value: 'SDXL Base', count: 2 },
          { value: 'dreamshaper_8', count: 1 },
          { value: 'juggernaut_xl', count: 1 },
        ],
        sampler: [
          { value: 'Euler a', count: 2 },
          { value: 'DPM++ 2M', count: 1 },
          { value: 'DPM++ 2M SDE', count: 1 },
        ],
        lora: [
          { value: 'film_grain', count: 2 },
          { value: 'detail_tweaker', count: 1 },
        ],
        size: [
          { value: '832x1216', count: 2 },
          { value: '1024x1024', count: 1 },
          { value: '16x12', count: 1 },
        ],
        source: [{ value: 'automatic1111', count: 1 }],
      });
    });

    it('counts facets within the filters and the query, and cuts each to facet_limit', async () => {
      const filtered = await search({ q: 'gallery', model: 'SDXL Base', facets: 'sampler,embedding' }).expect(200);
      expect(filtered.body.facets).to.deep.equal({
        // The mixed asset's other generation ran another sampler: facets count assets, by any of their generations.
        sampler: [
          { value: 'Euler a', count: 2 },
          { value: 'DPM++ 2M SDE', count: 1 },
        ],
        embedding: [{ value: 'easynegative', count: 1 }],
      });
      const harbour = await search({ q: 'harbour', facets: 'model', facet_limit: 1 }).expect(200);
      expect(harbour.body.facets).to.deep.equal({ model: [{ value: 'SDXL Base', count: 1 }] });
      const none = await search({ q: 'gallery' }).expect(200);
      expect(none.body).to.not.have.property('facets');
      const nothing = await search({ q: 'unicorn', facets: 'model' }).expect(200);
      expect(nothing.body).to.deep.include({ total: 0, facets: { model: [] } });
    });

    it('refuses unknown facets and malformed sizes with problem+json', async () => {
      const bad = await search({ q: 'gallery', facets: 'model,colour', size: 'big' }).expect(400);
      expect(bad.headers['content-type']).to.match(/^application\/problem\+json/);
      expect(bad.body.errors.map((e: { field: string }) => e.field)).to.include.members(['query.facets', 'query.size']);
    });

    it('answers 503 for parameter filters and facets while the engine is down, rather than a wrong page from the database', async function () {
      if (!started.contract) this.skip();
      for (const query of [{ q: 'gallery', model: 'SDXL Base' }, { q: 'gallery', facets: 'model' }] as Query[]) {
        started.contract.failNext('POST', /\/search$/, new MeiliError(500, 'internal', 'simulated outage', 'internal'));
        const res = await search(query).expect(503);
        expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
      }
      started.contract.failNext('POST', /\/search$/, new MeiliError(500, 'internal', 'simulated outage', 'internal'));
      const plain = await search({ q: 'gallery' }).expect(200);
      expect(plain.body).to.include({ degraded: true, total: 3 });
    });

    it('follows generations as they are created, changed and deleted', async () => {
      await t.request.delete(`/api/v1/generations/${juggernaut}`).set('Authorization', ADMIN_AUTH).expect(204);
      await drain();
      expect(await names({ q: 'gallery', model: 'juggernaut_xl' })).to.deep.equal([]);
      expect(await names({ q: 'stormy' })).to.deep.equal([]);

      const added = await createGeneration(t, ids.dragon, { parameters: { prompt: 'a griffin', model: 'juggernaut_xl' } });
      await drain();
      expect(await names({ q: 'griffin', model: 'juggernaut_xl' })).to.deep.equal(['Gallery dragon']);

      // A changed metadata.embedded (as a re-read of the file would write) is what the document then carries.
      await t.request
        .put(`/api/v1/generations/${added.id}`)
        .set('Authorization', ADMIN_AUTH)
        .send({ metadata: { embedded: { source: 'comfyui', prompt: 'ignored: the client prompt comes first', sampler: 'uni_pc' } } })
        .expect(200);
      await drain();
      expect(await names({ q: 'gallery', source: 'comfyui', sampler: 'uni_pc' })).to.deep.equal(['Gallery dragon']);
    });
  });
}
