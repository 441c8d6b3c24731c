import { expect } from 'chai';
import { runSeeders } from '../../src/core/db/seeders.ts';
import { ADMIN_AUTH, createTestApp, type TestApp } from '../helpers/create-test-app.ts';

describe('npm run seed', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.stop());

  const counts = async () => {
    const get = (url: string) => t.request.get(url).set('Authorization', ADMIN_AUTH).expect(200);
    const assets = (await get('/api/v1/projects/demo/assets?limit=200')).body;
    return {
      assets: assets.total,
      generations: assets.assets.reduce((n: number, a: { total_generations: number }) => n + a.total_generations, 0),
      media: (await get('/api/media-assets')).body.total,
      tags: (await get('/api/tags')).body.total,
    };
  };

  it('loads the demo once, and a second run changes nothing', async () => {
    const lines: string[] = [];
    await runSeeders(t.container, (line) => lines.push(line));
    const first = await counts();
    expect(first).to.deep.equal({ assets: 3, generations: 18, media: 2, tags: 4 });
    const again: string[] = [];
    await runSeeders(t.container, (line) => again.push(line));
    expect(await counts()).to.deep.equal(first);
    expect(again.join('\n')).to.match(/already there/);
  });

  it('names seeded images as uploads do, never by storage key', async () => {
    const asset = (await t.request.get('/api/v1/projects/demo/assets?limit=1').set('Authorization', ADMIN_AUTH).expect(200)).body.assets[0];
    const generations = (await t.request.get(`/api/v1/assets/${asset.id}/generations`).set('Authorization', ADMIN_AUTH).expect(200)).body.generations;
    const withImage = generations.filter((g: { image_path: string | null }) => g.image_path !== null);
    expect(withImage.length).to.be.greaterThan(0);
    for (const g of withImage) expect(g.image_path).to.match(/^images\/[0-9a-f-]{36}\.png$/);
  });
});
