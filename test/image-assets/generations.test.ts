import { expect } from 'chai';
import type { TestApp } from '../helpers/create-test-app.ts';
import { ADMIN_AUTH, bootImageAssets, createAsset, createGeneration, expectProblemNaming, getAsset, scopedAuth } from './helpers.ts';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

describe('image assets: generations', () => {
  let t: TestApp;
  before(async () => {
    t = await bootImageAssets();
  });
  after(() => t.stop());

  const put = (id: string, body: object) => t.request.put(`/api/v1/generations/${id}`).set('Authorization', ADMIN_AUTH).send(body);

  it('creates a generation with the spec’s fields and counts it on the asset', async () => {
    const asset = await createAsset(t, 'gen-p');
    const parameters = { model: 'Realistic_Vision_V5.1', positive_prompt: 'Epic', width: 512, height: 768, cfg_scale: 7.5, seed: 123456 };
    const generation = await createGeneration(t, asset.id, { parameters, metadata: { run: 1 } });
    expect(generation).to.include({ asset_id: asset.id, status: 'pending', is_favorite: false, image_path: null, image_url: null, file_size: null, format: null, dimensions: null });
    expect(generation.parameters).to.deep.equal(parameters);
    expect(generation.metadata).to.deep.equal({ run: 1 });
    expect((await getAsset(t, asset.id)).total_generations).to.equal(1);
    const fetched = await t.request.get(`/api/v1/generations/${generation.id}`).set('Authorization', ADMIN_AUTH).expect(200);
    expect(fetched.body).to.deep.equal(generation);
  });

  it('lists an asset’s generations with status and favourite filters and paging', async () => {
    const asset = await createAsset(t, 'gen-list');
    const made: Array<Record<string, any>> = [];
    for (let i = 0; i < 5; i++) made.push(await createGeneration(t, asset.id));
    await put(made[0].id, { status: 'generating' }).expect(200);
    await put(made[0].id, { status: 'completed', is_favorite: true }).expect(200);
    const url = `/api/v1/assets/${asset.id}/generations`;
    const page = await t.request.get(`${url}?limit=2&offset=1`).set('Authorization', ADMIN_AUTH).expect(200);
    expect(page.body).to.include({ total: 5, limit: 2, offset: 1 });
    expect(page.body.generations).to.have.length(2);
    const completed = await t.request.get(`${url}?status=completed`).set('Authorization', ADMIN_AUTH).expect(200);
    expect(completed.body.generations.map((g: { id: string }) => g.id)).to.deep.equal([made[0].id]);
    const favourites = await t.request.get(`${url}?is_favorite=true`).set('Authorization', ADMIN_AUTH).expect(200);
    expect(favourites.body.total).to.equal(1);
    expect((await t.request.get(`${url}?is_favorite=false`).set('Authorization', ADMIN_AUTH).expect(200)).body.total).to.equal(4);
    expectProblemNaming(await t.request.get(`${url}?status=done`).set('Authorization', ADMIN_AUTH), 400, 'query.status');
    expectProblemNaming(await t.request.get(`${url}?limit=500`).set('Authorization', ADMIN_AUTH), 400, 'query.limit');
    expectProblemNaming(await t.request.get(`${url}?offset=-2`).set('Authorization', ADMIN_AUTH), 400, 'query.offset');
  });

  it('moves status forward, straight to a final state too, and answers 409 naming both states otherwise', async () => {
    const asset = await createAsset(t, 'gen-status');
    const a = await createGeneration(t, asset.id);
    expect((await put(a.id, { status: 'generating' }).expect(200)).body.status).to.equal('generating');
    expect((await put(a.id, { status: 'completed' }).expect(200)).body.status).to.equal('completed');
    const back = await put(a.id, { status: 'pending' }).expect(409);
    expect(back.body.detail).to.contain('completed').and.to.contain('pending');
    expect(back.body).to.include({ from: 'completed', to: 'pending' });

    // The spec's own example: a pending generation reported completed with its image and metadata.
    const direct = await createGeneration(t, asset.id);
    const done = await put(direct.id, { status: 'completed', metadata: { duration_ms: 4200 } }).expect(200);
    expect(done.body).to.include({ status: 'completed' });
    expect(done.body.metadata).to.include({ duration_ms: 4200 });
    for (const final of ['failed', 'cancelled'] as const) {
      const g = await createGeneration(t, asset.id);
      expect((await put(g.id, { status: final }).expect(200)).body.status).to.equal(final);
      for (const next of ['pending', 'generating', 'completed']) {
        const refused = await put(g.id, { status: next }).expect(409);
        expect(refused.headers['content-type']).to.match(/^application\/problem\+json/);
        expect(refused.body).to.include({ from: final, to: next });
      }
    }
    const c = await createGeneration(t, asset.id);
    await put(c.id, { status: 'generating' }).expect(200);
    expect((await put(c.id, { status: 'pending' }).expect(409)).body).to.include({ from: 'generating', to: 'pending' });
    await put(c.id, { status: 'failed' }).expect(200);
    await put(c.id, { status: 'generating' }).expect(409);
    expectProblemNaming(await put(c.id, { status: 'done' }), 400, 'body.status');
  });

  it('updates metadata, refusing unknown fields and wrong types', async () => {
    const asset = await createAsset(t, 'gen-update');
    const g = await createGeneration(t, asset.id);
    const res = await put(g.id, { metadata: { note: 'ok' } }).expect(200);
    expect(res.body.metadata).to.deep.equal({ note: 'ok' });
    expectProblemNaming(await put(g.id, { file_size: 10 }), 400, 'body.file_size');
    expectProblemNaming(await put(g.id, { is_favorite: 'yes' }), 400, 'body.is_favorite');
    const url = `/api/v1/assets/${asset.id}/generations`;
    expectProblemNaming(await t.request.post(url).set('Authorization', ADMIN_AUTH).send({ parameters: { model: 7 } }), 400, 'body.parameters.model');
    expectProblemNaming(await t.request.post(url).set('Authorization', ADMIN_AUTH).send({ parameters: [] }), 400, 'body.parameters');
    expectProblemNaming(await t.request.post(url).set('Authorization', ADMIN_AUTH).send({ status: 'queued' }), 400, 'body.status');
    expect((await getAsset(t, asset.id)).total_generations).to.equal(1);
  });

  it('keeps image_path the server’s: a client may echo it back, never point it elsewhere', async () => {
    const asset = await createAsset(t, 'gen-path');
    const g = await createGeneration(t, asset.id);
    // Echoing the generation back as it was read is fine.
    await put(g.id, { image_path: null, status: 'generating' }).expect(200);
    for (const path of ['../../etc/passwd', '/path/to/generated/image.png', 'files/ab/cd/abcdef']) {
      const res = await put(g.id, { image_path: path, metadata: { lost: true } });
      expectProblemNaming(res, 400, 'body.image_path');
      expect(res.body.detail).to.match(/POST \/api\/v1\/generations\/\{generation_id\}\/upload/);
      expect(JSON.stringify(res.body)).to.not.contain('etc/passwd');
    }
    const after = (await t.request.get(`/api/v1/generations/${g.id}`).set('Authorization', ADMIN_AUTH).expect(200)).body;
    expect(after).to.include({ image_path: null, status: 'generating' });
    expect(after.metadata).to.deep.equal({});
  });

  it('keeps exactly one favourite through POST, DELETE, PUT and deleting the favourite', async () => {
    const asset = await createAsset(t, 'gen-fav');
    const [a, b, c] = [await createGeneration(t, asset.id), await createGeneration(t, asset.id), await createGeneration(t, asset.id)];
    const favourites = async () => {
      const full = await getAsset(t, asset.id);
      return { id: full.favorite_generation_id, flagged: full.generations.filter((g: { is_favorite: boolean }) => g.is_favorite).map((g: { id: string }) => g.id) };
    };
    const posted = await t.request.post(`/api/v1/generations/${a.id}/favorite`).set('Authorization', ADMIN_AUTH).expect(200);
    expect(posted.body.is_favorite).to.equal(true);
    expect(await favourites()).to.deep.equal({ id: a.id, flagged: [a.id] });

    await put(b.id, { is_favorite: true }).expect(200);
    expect(await favourites()).to.deep.equal({ id: b.id, flagged: [b.id] });

    await put(a.id, { is_favorite: false }).expect(200);
    expect(await favourites()).to.deep.equal({ id: b.id, flagged: [b.id] });

    const cleared = await t.request.delete(`/api/v1/generations/${b.id}/favorite`).set('Authorization', ADMIN_AUTH).expect(200);
    expect(cleared.body.is_favorite).to.equal(false);
    expect(await favourites()).to.deep.equal({ id: null, flagged: [] });

    await t.request.post(`/api/v1/generations/${c.id}/favorite`).set('Authorization', ADMIN_AUTH).expect(200);
    await t.request.delete(`/api/v1/generations/${c.id}`).set('Authorization', ADMIN_AUTH).expect(204);
    expect(await favourites()).to.deep.equal({ id: null, flagged: [] });
    expect((await getAsset(t, asset.id)).total_generations).to.equal(2);
  });

  it('leaves exactly one favourite after 50 concurrent favourite changes on one asset', async () => {
    const asset = await createAsset(t, 'gen-race');
    const generations: Array<Record<string, any>> = [];
    for (let i = 0; i < 10; i++) generations.push(await createGeneration(t, asset.id));
    const changes = Array.from({ length: 50 }, (_, i) => {
      const g = generations[i % generations.length];
      if (i % 5 === 4) return put(g.id, { is_favorite: true });
      return t.request.post(`/api/v1/generations/${g.id}/favorite`).set('Authorization', ADMIN_AUTH);
    });
    const results = await Promise.all(changes);
    expect(results.map((r) => r.status)).to.deep.equal(Array(50).fill(200));
    const full = await getAsset(t, asset.id);
    const flagged = full.generations.filter((g: { is_favorite: boolean }) => g.is_favorite);
    expect(flagged).to.have.length(1);
    expect(full.favorite_generation_id).to.equal(flagged[0].id);
  });

  it('deletes a generation (204) and keeps the asset’s counter', async () => {
    const asset = await createAsset(t, 'gen-delete');
    const g = await createGeneration(t, asset.id);
    await t.request.delete(`/api/v1/generations/${g.id}`).set('Authorization', ADMIN_AUTH).expect(204);
    await t.request.get(`/api/v1/generations/${g.id}`).set('Authorization', ADMIN_AUTH).expect(404);
    await t.request.delete(`/api/v1/generations/${g.id}`).set('Authorization', ADMIN_AUTH).expect(404);
    expect((await getAsset(t, asset.id)).total_generations).to.equal(0);
  });

  it('keeps file_size as the sum of the generations’ files', async () => {
    const { IMAGE_ASSETS } = await import('../../plugins/image-assets/tokens.ts');
    const generations = t.container.get(IMAGE_ASSETS.generations);
    const asset = await createAsset(t, 'gen-size');
    const [a, b] = [await createGeneration(t, asset.id), await createGeneration(t, asset.id)];
    const file = (size: number) => ({ fileId: null, imagePath: 'x.png', imageUrl: '/x.png', fileSize: size, width: 512, height: 768, format: 'png' });
    await generations.attachFile(a.id, file(1000));
    await generations.attachFile(b.id, file(234));
    expect((await getAsset(t, asset.id)).file_size).to.equal(1234);
    const shown = await t.request.get(`/api/v1/generations/${a.id}`).set('Authorization', ADMIN_AUTH).expect(200);
    expect(shown.body).to.include({ file_size: 1000, format: 'png', image_url: '/x.png' });
    expect(shown.body.dimensions).to.deep.equal({ width: 512, height: 768 });
    await t.request.delete(`/api/v1/generations/${b.id}`).set('Authorization', ADMIN_AUTH).expect(204);
    expect((await getAsset(t, asset.id)).file_size).to.equal(1000);
  });

  it('answers 404 for unknown, malformed and out-of-scope generations', async () => {
    const theirs = await createAsset(t, 'gen-scope-b');
    const g = await createGeneration(t, theirs.id);
    const auth = await scopedAuth(t, ['gen-scope-a']);
    await t.request.get(`/api/v1/generations/${UNKNOWN_ID}`).set('Authorization', ADMIN_AUTH).expect(404);
    await t.request.get('/api/v1/generations/nope').set('Authorization', ADMIN_AUTH).expect(404);
    await t.request.get(`/api/v1/generations/${g.id}`).set('Authorization', auth).expect(404);
    await t.request.put(`/api/v1/generations/${g.id}`).set('Authorization', auth).send({ status: 'generating' }).expect(404);
    await t.request.post(`/api/v1/generations/${g.id}/favorite`).set('Authorization', auth).expect(404);
    await t.request.delete(`/api/v1/generations/${g.id}/favorite`).set('Authorization', auth).expect(404);
    await t.request.delete(`/api/v1/generations/${g.id}`).set('Authorization', auth).expect(404);
    await t.request.get(`/api/v1/assets/${theirs.id}/generations`).set('Authorization', auth).expect(404);
    await t.request.post(`/api/v1/assets/${theirs.id}/generations`).set('Authorization', auth).send({}).expect(404);
    expect((await getAsset(t, theirs.id)).total_generations).to.equal(1);
  });
});
