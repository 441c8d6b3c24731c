import { expect } from 'chai';
import type { TestApp } from '../helpers/create-test-app.ts';
import { ADMIN_AUTH, bootImageAssets, createAsset, createGeneration, scopedAuth } from './helpers.ts';

const utcDay = (offsetDays: number) => new Date(Date.now() - offsetDays * 86_400_000).toISOString().slice(0, 10);

describe('image assets: statistics', () => {
  let t: TestApp;
  before(async () => {
    t = await bootImageAssets();
  });
  after(() => t.stop());

  const move = (id: string, status: string) => t.request.put(`/api/v1/generations/${id}`).set('Authorization', ADMIN_AUTH).send({ status }).expect(200);

  it('answers project stats from the records', async () => {
    const { IMAGE_ASSETS } = await import('../../plugins/image-assets/tokens.ts');
    const generations = t.container.get(IMAGE_ASSETS.generations);
    const a = await createAsset(t, 'stats-p', { tags: ['character', 'fantasy'] });
    const b = await createAsset(t, 'stats-p', { tags: ['character'] });
    await createAsset(t, 'stats-p', { tags: ['environment'] });
    await createAsset(t, 'stats-other', { tags: ['environment'] });
    const g1 = await createGeneration(t, a.id, { parameters: { model: 'Realistic_Vision_V5.1' } });
    const g2 = await createGeneration(t, a.id, { parameters: { model: 'DreamShaper_v7' } });
    const g3 = await createGeneration(t, b.id, { parameters: { model: 'Realistic_Vision_V5.1' } });
    await createGeneration(t, b.id, { parameters: { prompt: 'no model' } });
    await move(g1.id, 'generating');
    await move(g1.id, 'completed');
    await move(g2.id, 'generating');
    await move(g2.id, 'failed');
    await move(g3.id, 'generating');
    await generations.attachFile(g1.id, { fileId: null, imagePath: 'a', imageUrl: '/a', fileSize: 2000, width: 1, height: 1, format: 'png' });
    await generations.attachFile(g3.id, { fileId: null, imagePath: 'b', imageUrl: '/b', fileSize: 48, width: 1, height: 1, format: 'png' });

    const res = await t.request.get('/api/v1/projects/stats-p/stats').set('Authorization', ADMIN_AUTH).expect(200);
    expect(res.body).to.include({ total_assets: 3, total_generations: 4, storage_used: 2048 });
    expect(res.body.generations_by_status).to.deep.equal({ pending: 1, generating: 1, completed: 1, failed: 1, cancelled: 0 });
    expect(res.body.most_used_tags).to.deep.equal(['character', 'environment', 'fantasy']);
    expect(res.body.generation_trends.models_used).to.deep.equal({ 'Realistic_Vision_V5.1': 2, DreamShaper_v7: 1 });
    const daily = res.body.generation_trends.daily as Array<{ date: string; count: number }>;
    expect(daily).to.have.length(30);
    expect(daily[0].date).to.equal(utcDay(29));
    expect(daily[29]).to.deep.equal({ date: utcDay(0), count: 4 });
    expect(daily.slice(0, 29).every((d) => d.count === 0)).to.equal(true);
  });

  it('keeps the counts right through status moves, deletes, forced asset deletes and bulk deletes', async () => {
    const stats = async () => (await t.request.get('/api/v1/projects/stats-moves/stats').set('Authorization', ADMIN_AUTH).expect(200)).body;
    const a = await createAsset(t, 'stats-moves');
    const b = await createAsset(t, 'stats-moves');
    const c = await createAsset(t, 'stats-moves');
    const ga = [];
    for (const model of ['flux-dev', 'flux-dev', 'sdxl']) ga.push(await createGeneration(t, a.id, { parameters: { model } }));
    const gb = await createGeneration(t, b.id, { parameters: { model: 'sdxl' } });
    await createGeneration(t, c.id, { parameters: { model: 'sd3' } });
    await createGeneration(t, c.id, { parameters: { prompt: 'no model' } });
    await move(ga[0].id, 'completed');
    await move(ga[1].id, 'generating');
    await move(ga[1].id, 'cancelled');
    await move(gb.id, 'failed');
    let s = await stats();
    expect(s).to.include({ total_assets: 3, total_generations: 6 });
    expect(s.generations_by_status).to.deep.equal({ pending: 3, generating: 0, completed: 1, failed: 1, cancelled: 1 });
    expect(s.generation_trends.models_used).to.deep.equal({ 'flux-dev': 2, sdxl: 2, sd3: 1 });
    expect(s.generation_trends.daily[29]).to.deep.equal({ date: utcDay(0), count: 6 });

    await t.request.delete(`/api/v1/generations/${ga[1].id}`).set('Authorization', ADMIN_AUTH).expect(204);
    s = await stats();
    expect(s.generations_by_status).to.deep.equal({ pending: 3, generating: 0, completed: 1, failed: 1, cancelled: 0 });
    expect(s.generation_trends.models_used).to.deep.equal({ 'flux-dev': 1, sdxl: 2, sd3: 1 });

    await t.request.delete(`/api/v1/assets/${a.id}?force=true`).set('Authorization', ADMIN_AUTH).expect(204);
    s = await stats();
    expect(s).to.include({ total_assets: 2, total_generations: 3 });
    expect(s.generations_by_status).to.deep.equal({ pending: 2, generating: 0, completed: 0, failed: 1, cancelled: 0 });
    expect(s.generation_trends.models_used).to.deep.equal({ sdxl: 1, sd3: 1 });

    // A refused bulk delete (generations without force) changes nothing; a forced one counts them all out.
    await t.request.delete('/api/v1/projects/stats-moves/assets/bulk').set('Authorization', ADMIN_AUTH).send({ asset_ids: [b.id, c.id] });
    expect((await stats()).total_generations).to.equal(3);
    await t.request.delete('/api/v1/projects/stats-moves/assets/bulk').set('Authorization', ADMIN_AUTH).send({ asset_ids: [b.id, c.id], force: true }).expect(200);
    s = await stats();
    expect(s).to.include({ total_assets: 0, total_generations: 0, storage_used: 0 });
    expect(s.generations_by_status).to.deep.equal({ pending: 0, generating: 0, completed: 0, failed: 0, cancelled: 0 });
    expect(s.generation_trends.models_used).to.deep.equal({});
    expect(s.generation_trends.daily[29].count).to.equal(0);
  });

  it('loses no count when many writers change one project at once', async () => {
    const assets = await Promise.all(Array.from({ length: 4 }, () => createAsset(t, 'stats-busy')));
    const made = await Promise.all(
      Array.from({ length: 40 }, (_, i) => createGeneration(t, assets[i % 4].id, { parameters: { model: i % 2 === 0 ? 'even' : 'odd' } })),
    );
    await Promise.all(made.map((g, i) => move(g.id, i % 3 === 0 ? 'failed' : 'completed')));
    await Promise.all(made.slice(0, 10).map((g) => t.request.delete(`/api/v1/generations/${g.id}`).set('Authorization', ADMIN_AUTH).expect(204)));
    const res = await t.request.get('/api/v1/projects/stats-busy/stats').set('Authorization', ADMIN_AUTH).expect(200);
    const left = made.slice(10).map((g, i) => ({ failed: (i + 10) % 3 === 0, even: (i + 10) % 2 === 0 }));
    expect(res.body.total_generations).to.equal(30);
    expect(res.body.generations_by_status).to.deep.equal({
      pending: 0,
      generating: 0,
      completed: left.filter((g) => !g.failed).length,
      failed: left.filter((g) => g.failed).length,
      cancelled: 0,
    });
    expect(res.body.generation_trends.models_used).to.deep.equal({ even: 15, odd: 15 });
  });

  it('names the ten most used tags, ties in name order, when the project has more', async () => {
    // t01 on 12 assets, t02 on 11, ... t12 on 1; and three more tags tied with t10 (3 assets each).
    const tagsOf = (i: number) => [
      ...Array.from({ length: 12 }, (_, k) => `t${String(k + 1).padStart(2, '0')}`).filter((_, k) => i < 12 - k),
      ...(i < 3 ? ['a-tied', 'z-tied', 'm-tied'] : []),
    ];
    for (let i = 0; i < 12; i++) await createAsset(t, 'stats-top', { tags: tagsOf(i) });
    const res = await t.request.get('/api/v1/projects/stats-top/stats').set('Authorization', ADMIN_AUTH).expect(200);
    expect(res.body.most_used_tags).to.deep.equal(['t01', 't02', 't03', 't04', 't05', 't06', 't07', 't08', 't09', 'a-tied']);
  });

  it('answers zeros for an empty project, with every day present', async () => {
    const res = await t.request.get('/api/v1/projects/stats-empty/stats').set('Authorization', ADMIN_AUTH).expect(200);
    expect(res.body).to.include({ total_assets: 0, total_generations: 0, storage_used: 0 });
    expect(res.body.most_used_tags).to.deep.equal([]);
    expect(res.body.generation_trends.daily).to.have.length(30);
    expect(res.body.generation_trends.models_used).to.deep.equal({});
  });

  it('answers asset stats with a chronological history', async () => {
    const asset = await createAsset(t, 'stats-asset');
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await createGeneration(t, asset.id, { parameters: { model: 'm' } }));
    await move(made[0].id, 'generating');
    await move(made[0].id, 'completed');
    await move(made[1].id, 'generating');
    await move(made[1].id, 'failed');
    await t.request.post(`/api/v1/generations/${made[0].id}/favorite`).set('Authorization', ADMIN_AUTH).expect(200);
    const res = await t.request.get(`/api/v1/assets/${asset.id}/stats`).set('Authorization', ADMIN_AUTH).expect(200);
    expect(res.body).to.include({
      total_generations: 3,
      successful_generations: 1,
      failed_generations: 1,
      favorite_generation_id: made[0].id,
      total_file_size: 0,
    });
    expect(res.body.generation_history.map((g: { id: string }) => g.id)).to.deep.equal(made.map((g) => g.id));
    expect(res.body.generation_history[0]).to.include({ status: 'completed', model: 'm', is_favorite: true });
  });

  it('hides other projects’ stats behind 404', async () => {
    const theirs = await createAsset(t, 'stats-b');
    const auth = await scopedAuth(t, ['stats-a']);
    await t.request.get('/api/v1/projects/stats-b/stats').set('Authorization', auth).expect(404);
    await t.request.get(`/api/v1/assets/${theirs.id}/stats`).set('Authorization', auth).expect(404);
    await t.request.get('/api/v1/assets/nope/stats').set('Authorization', ADMIN_AUTH).expect(404);
    await t.request.get('/api/v1/projects/stats-a/stats').set('Authorization', auth).expect(200);
  });
});
