import { expect } from 'chai';
import type { TestApp } from '../helpers/create-test-app.ts';
import { ADMIN_AUTH, bootImageAssets, createAsset, createGeneration, expectProblemNaming, getAsset, scopedAuth } from './helpers.ts';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

describe('image assets: bulk operations', () => {
  let t: TestApp;
  before(async () => {
    t = await bootImageAssets();
  });
  after(() => t.stop());

  it('creates many assets, each succeeding or failing on its own', async () => {
    const res = await t.request
      .post('/api/v1/projects/bulk-p/assets/bulk')
      .set('Authorization', ADMIN_AUTH)
      .send({ assets: [{ name: 'Asset 1', description: 'Description 1', tags: ['tag1'] }, { description: 'no name' }, { name: 'Asset 3', colour: 'red' }, { name: 'Asset 4' }] })
      .expect(200);
    expect(res.body.created.map((a: { name: string }) => a.name)).to.deep.equal(['Asset 1', 'Asset 4']);
    expect(res.body.created[0].tags).to.deep.equal(['tag1']);
    expect(res.body.failed.map((f: { index: number }) => f.index)).to.deep.equal([1, 2]);
    expect(res.body.failed[0].errors[0].field).to.equal('body.assets.1.name');
    expect(res.body.failed[1].error).to.contain('colour');
    const list = await t.request.get('/api/v1/projects/bulk-p/assets').set('Authorization', ADMIN_AUTH).expect(200);
    expect(list.body.total).to.equal(2);
  });

  it('bounds the new tags one batch may introduce: later items that would add more fail alone', async () => {
    await t.request.post('/api/v1/projects/bulk-t/assets').set('Authorization', ADMIN_AUTH).send({ name: 'seed', tags: ['known'] }).expect(201);
    const assets = Array.from({ length: 200 }, (_, i) => ({ name: `t${i}`, tags: [...Array.from({ length: 49 }, (_, j) => `new-${i}-${j}`), 'KNOWN'] }));
    // An item whose tags all exist already, or were introduced earlier in the batch, still goes through.
    assets.push({ name: 'reuses', tags: ['new-0-0', 'known'] });
    const res = await t.request.post('/api/v1/projects/bulk-t/assets/bulk').set('Authorization', ADMIN_AUTH).send({ assets: assets.slice(0, 199).concat(assets.slice(200)) }).expect(200);
    // 49 new tags each: ten items fit in 500.
    expect(res.body.created.map((a: { name: string }) => a.name)).to.deep.equal([...Array.from({ length: 10 }, (_, i) => `t${i}`), 'reuses']);
    expect(res.body.failed).to.have.length(189);
    expect(res.body.failed[0]).to.include({ index: 10 });
    expect(res.body.failed[0].error).to.match(/more than 500 new tags/);
    const tags = await t.request.get('/api/v1/projects/bulk-t/tags').set('Authorization', ADMIN_AUTH).expect(200);
    expect(tags.body.tags).to.have.length(491);
  });

  it('refuses an empty or oversized batch with a 400 naming the field', async () => {
    const post = (body: object) => t.request.post('/api/v1/projects/bulk-p/assets/bulk').set('Authorization', ADMIN_AUTH).send(body);
    expectProblemNaming(await post({ assets: [] }), 400, 'body.assets');
    expectProblemNaming(await post({ assets: Array.from({ length: 201 }, (_, i) => ({ name: `a${i}` })) }), 400, 'body.assets');
    expectProblemNaming(await post({}), 400, 'body.assets');
    const del = (body: object) => t.request.delete('/api/v1/projects/bulk-p/assets/bulk').set('Authorization', ADMIN_AUTH).send(body);
    expectProblemNaming(await del({ asset_ids: [] }), 400, 'body.asset_ids');
    expectProblemNaming(await del({ asset_ids: Array(201).fill(UNKNOWN_ID) }), 400, 'body.asset_ids');
    expectProblemNaming(await del({ asset_ids: [UNKNOWN_ID], force: 'yes' }), 400, 'body.force');
    const tags = (body: object) => t.request.put('/api/v1/assets/bulk/tags').set('Authorization', ADMIN_AUTH).send(body);
    expectProblemNaming(await tags({ asset_ids: [], operation: 'add', tags: ['x'] }), 400, 'body.asset_ids');
    expectProblemNaming(await tags({ asset_ids: [UNKNOWN_ID], operation: 'merge', tags: ['x'] }), 400, 'body.operation');
    expectProblemNaming(await tags({ asset_ids: [UNKNOWN_ID], operation: 'add' }), 400, 'body.tags');
    expect((await t.request.get('/api/v1/projects/bulk-p/assets').set('Authorization', ADMIN_AUTH)).body.total).to.equal(2);
  });

  it('deletes many assets, reporting each failure with its reason', async () => {
    const plain = await createAsset(t, 'bulk-del');
    const busy = await createAsset(t, 'bulk-del');
    await createGeneration(t, busy.id);
    const elsewhere = await createAsset(t, 'bulk-other');
    const res = await t.request
      .delete('/api/v1/projects/bulk-del/assets/bulk')
      .set('Authorization', ADMIN_AUTH)
      .send({ asset_ids: [plain.id, busy.id, elsewhere.id, UNKNOWN_ID, 'junk'] })
      .expect(200);
    expect(res.body.deleted).to.deep.equal([plain.id]);
    const reasons = Object.fromEntries(res.body.failed.map((f: { asset_id: string; error: string }) => [f.asset_id, f.error]));
    expect(reasons[busy.id]).to.contain('1 generation');
    expect(reasons[elsewhere.id]).to.contain('not found');
    expect(reasons[UNKNOWN_ID]).to.contain('not found');
    expect(reasons.junk).to.contain('not found');
    await getAsset(t, elsewhere.id);

    const forced = await t.request
      .delete('/api/v1/projects/bulk-del/assets/bulk')
      .set('Authorization', ADMIN_AUTH)
      .send({ asset_ids: [busy.id], force: true })
      .expect(200);
    expect(forced.body).to.deep.equal({ deleted: [busy.id], failed: [] });
    await t.request.get(`/api/v1/assets/${busy.id}`).set('Authorization', ADMIN_AUTH).expect(404);
  });

  it('adds, removes and replaces tags on many assets and answers how many changed', async () => {
    const a = await createAsset(t, 'bulk-tags', { tags: ['keep'] });
    const b = await createAsset(t, 'bulk-tags', { tags: ['keep', 'new_tag'] });
    const send = (body: object) => t.request.put('/api/v1/assets/bulk/tags').set('Authorization', ADMIN_AUTH).send(body).expect(200);

    const added = await send({ asset_ids: [a.id, b.id, UNKNOWN_ID], operation: 'add', tags: ['new_tag', 'another_tag'] });
    expect(added.body.updated).to.equal(2);
    expect(added.body.failed).to.deep.equal([{ asset_id: UNKNOWN_ID, error: `Asset ${UNKNOWN_ID} not found.` }]);
    expect((await getAsset(t, a.id)).tags).to.deep.equal(['another_tag', 'keep', 'new_tag']);

    const removed = await send({ asset_ids: [a.id, b.id], operation: 'remove', tags: ['KEEP', 'unknown'] });
    expect(removed.body.updated).to.equal(2);
    expect((await getAsset(t, b.id)).tags).to.deep.equal(['another_tag', 'new_tag']);

    const replaced = await send({ asset_ids: [a.id, b.id], operation: 'replace', tags: ['only'] });
    expect(replaced.body.updated).to.equal(2);
    expect((await getAsset(t, a.id)).tags).to.deep.equal(['only']);
    expect((await send({ asset_ids: [a.id], operation: 'replace', tags: ['only'] })).body.updated).to.equal(0);

    const counts = await t.request.get('/api/v1/projects/bulk-tags/tags').set('Authorization', ADMIN_AUTH).expect(200);
    expect(counts.body.tags).to.deep.equal([{ name: 'only', count: 2 }]);
  });

  it('keeps bulk operations inside the token’s projects', async () => {
    const theirs = await createAsset(t, 'bulk-scope-b', { tags: ['x'] });
    const auth = await scopedAuth(t, ['bulk-scope-a']);
    await t.request.post('/api/v1/projects/bulk-scope-b/assets/bulk').set('Authorization', auth).send({ assets: [{ name: 'n' }] }).expect(404);
    await t.request.delete('/api/v1/projects/bulk-scope-b/assets/bulk').set('Authorization', auth).send({ asset_ids: [theirs.id] }).expect(404);
    const denied = await t.request
      .delete('/api/v1/projects/bulk-scope-a/assets/bulk')
      .set('Authorization', auth)
      .send({ asset_ids: [theirs.id] })
      .expect(200);
    expect(denied.body.deleted).to.deep.equal([]);
    const tags = await t.request.put('/api/v1/assets/bulk/tags').set('Authorization', auth).send({ asset_ids: [theirs.id], operation: 'replace', tags: [] }).expect(200);
    expect(tags.body.updated).to.equal(0);
    expect(tags.body.failed).to.have.length(1);
    expect((await getAsset(t, theirs.id)).tags).to.deep.equal(['x']);
  });
});
