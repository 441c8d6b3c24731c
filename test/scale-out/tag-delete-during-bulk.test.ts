import { expect } from 'chai';
import { ADMIN_AUTH, createTestApp, type TestApp } from '../helpers/create-test-app.ts';

describe('deleting a tag while a bulk tag update runs', function () {
  this.timeout(120_000);
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ plugins: ['image-assets'] });
  });
  after(async () => {
    await t?.stop();
  });

  it('answers per item, truly, and never fails the whole call', async () => {
    const created = await t.request
      .post('/api/v1/projects/race/assets/bulk')
      .set('Authorization', ADMIN_AUTH)
      .send({ assets: Array.from({ length: 120 }, (_, i) => ({ name: `asset ${i}`, tags: ['victim'] })) })
      .expect(200);
    const ids: string[] = created.body.created.map((a: { id: string }) => a.id);
    const tagId = async (name: string) =>
      ((await t.request.get(`/api/tags?search=${name}`).set('Authorization', ADMIN_AUTH).expect(200)).body.items as Array<{ id: string; name: string }>).find(
        (x) => x.name === name,
      )?.id;

    let stop = false;
    const deleter = (async () => {
      let deleted = 0;
      while (!stop) {
        const id = await tagId('victim');
        if (id) {
          const res = await t.request.delete(`/api/tags/${id}`).set('Authorization', ADMIN_AUTH);
          expect([204, 404]).to.include(res.status);
          if (res.status === 204) deleted += 1;
        }
        await new Promise((r) => setTimeout(r, 5));
      }
      return deleted;
    })();
    const updates = await Promise.all(
      [0, 1, 2].map(() => t.request.put('/api/v1/assets/bulk/tags').set('Authorization', ADMIN_AUTH).send({ asset_ids: ids, operation: 'add', tags: ['victim', 'kept'] })),
    );
    stop = true;
    expect(await deleter).to.be.greaterThan(0);

    for (const res of updates) {
      expect(res.status, res.text).to.equal(200);
      expect(res.body.updated + res.body.failed.length).to.be.at.most(ids.length);
      for (const f of res.body.failed) expect(f.error).to.be.a('string').and.not.match(/unexpected/i);
    }
    // What the call reported is what happened: every asset carries 'kept' unless its item failed in every call.
    const failedEverywhere = ids.filter((id) => updates.every((res) => res.body.failed.some((f: { asset_id: string }) => f.asset_id === id)));
    const kept = await t.request.get('/api/v1/projects/race/assets?tags=kept&limit=200').set('Authorization', ADMIN_AUTH).expect(200);
    expect(kept.body.total).to.equal(ids.length - failedEverywhere.length);
  });
});
