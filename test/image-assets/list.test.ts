import { expect } from 'chai';
import type { TestApp } from '../helpers/create-test-app.ts';
import { ADMIN_AUTH, bootImageAssets, createAsset, createGeneration, expectProblemNaming } from './helpers.ts';

const P = 'list-p';

describe('image assets: listing', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  const list = async (query: string) =>
    (await t.request.get(`/api/v1/projects/${P}/assets?${query}`).set('Authorization', ADMIN_AUTH).expect(200)).body;
  const names = (body: { assets: Array<{ name: string }> }) => body.assets.map((a) => a.name);

  before(async () => {
    t = await bootImageAssets();
    const specs = [
      { name: 'Castle gate', description: 'stone walls at dusk', tags: ['environment', 'medieval'] },
      { name: 'Knight', description: 'armoured 50% hero', tags: ['character', 'medieval'] },
      { name: 'Dragon', description: 'red, breathing fire', tags: ['character'] },
      { name: 'Sword', description: 'a_blade', tags: [] },
    ];
    for (const spec of specs) {
      ids[spec.name] = (await createAsset(t, P, spec)).id;
      // Distinct created_at milliseconds, so the expected orders below are unambiguous.
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    for (let i = 0; i < 3; i++) await createGeneration(t, ids.Dragon);
    await createGeneration(t, ids.Knight);
    await createAsset(t, 'list-other', { name: 'Knight elsewhere' });
  });
  after(() => t.stop());

  it('answers the page with total, limit, offset and has_more, newest first by default', async () => {
    const body = await list('limit=2');
    expect(body).to.include({ total: 4, limit: 2, offset: 0, has_more: true });
    expect(names(body)).to.deep.equal(['Sword', 'Dragon']);
    const next = await list('limit=2&offset=2');
    expect(names(next)).to.deep.equal(['Knight', 'Castle gate']);
    expect(next.has_more).to.equal(false);
    expect((await list('offset=10')).assets).to.deep.equal([]);
  });

  it('sorts by name, updated_at and generation_count in either order', async () => {
    expect(names(await list('sort_by=name&sort_order=asc'))).to.deep.equal(['Castle gate', 'Dragon', 'Knight', 'Sword']);
    expect(names(await list('sort_by=generation_count&sort_order=desc')).slice(0, 2)).to.deep.equal(['Dragon', 'Knight']);
    expect(names(await list('sort_by=created_at&sort_order=asc'))[0]).to.equal('Castle gate');
    // Creating generations touched Dragon then Knight last.
    expect(names(await list('sort_by=updated_at'))[0]).to.equal('Knight');
  });

  it('searches name and description by substring, treating wildcards literally', async () => {
    expect(names(await list('search=KNIGHT'))).to.deep.equal(['Knight']);
    expect(names(await list('search=fire'))).to.deep.equal(['Dragon']);
    expect(names(await list('search=50%25'))).to.deep.equal(['Knight']);
    expect(names(await list('search=a_b'))).to.deep.equal(['Sword']);
    expect((await list('search=%25')).total).to.equal(1);
    // Paged, the total stays that of every match, also past the last page.
    expect(await list('search=e&limit=1&offset=1')).to.include({ total: 4, has_more: true });
    expect(names(await list('search=e&limit=1&offset=1'))).to.have.length(1);
    expect(await list('search=e&offset=10')).to.deep.include({ assets: [], total: 4, has_more: false });
  });

  it('filters by tags (every tag listed), case-insensitively', async () => {
    expect(names(await list('tags=character&sort_by=name&sort_order=asc'))).to.deep.equal(['Dragon', 'Knight']);
    expect(names(await list('tags=Character,medieval'))).to.deep.equal(['Knight']);
    expect((await list('tags=nothing-like-this')).total).to.equal(0);
  });

  it('filters by has_generations', async () => {
    expect(names(await list('has_generations=true&sort_by=name&sort_order=asc'))).to.deep.equal(['Dragon', 'Knight']);
    expect(names(await list('has_generations=false&sort_by=name&sort_order=asc'))).to.deep.equal(['Castle gate', 'Sword']);
  });

  it('filters by created_after and created_before given as ISO 8601', async () => {
    const all = (await list('sort_by=created_at&sort_order=asc')).assets as Array<{ name: string; created_at: string }>;
    const third = all[2].created_at;
    expect(names(await list(`created_after=${encodeURIComponent(third)}&sort_order=asc`))).to.deep.equal(['Dragon', 'Sword']);
    expect((await list(`created_before=${encodeURIComponent(third)}`)).total).to.equal(2);
    expect((await list('created_after=2000-01-01')).total).to.equal(4);
    expect((await list('created_after=2000-01-01T00:00:00%2B02:00')).total).to.equal(4);
    expect((await list('created_before=2000-01-01T00:00:00Z')).total).to.equal(0);
  });

  it('refuses bad query values with a 400 naming the parameter, and ignores unknown ones', async () => {
    const bad = async (query: string, field: string) =>
      expectProblemNaming(await t.request.get(`/api/v1/projects/${P}/assets?${query}`).set('Authorization', ADMIN_AUTH), 400, field);
    await bad('limit=201', 'query.limit');
    await bad('limit=0', 'query.limit');
    await bad('limit=abc', 'query.limit');
    await bad('offset=-1', 'query.offset');
    await bad('sort_by=size', 'query.sort_by');
    await bad('sort_order=up', 'query.sort_order');
    await bad('has_generations=yes', 'query.has_generations');
    await bad('created_after=yesterday', 'query.created_after');
    await bad('created_after=1700000000000', 'query.created_after');
    await bad('created_before=2024-13-01', 'query.created_before');
    await bad('search=a&search=b', 'query.search');
    expect((await list('limit=200&colour=blue')).total).to.equal(4);
  });

  it('pages a common tag in every sort order, one asset at a time (the walk along the sort index)', async () => {
    const Q = 'list-common';
    const made: string[] = [];
    for (const name of ['Ash', 'Birch', 'Cedar', 'Date', 'Elm']) {
      made.push((await createAsset(t, Q, { name, tags: name === 'Cedar' ? ['rare'] : ['common'] })).id);
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    for (let i = 0; i < 2; i++) await createGeneration(t, made[3]);
    await createGeneration(t, made[1]);
    const walk = async (sort: string) => {
      const seen: string[] = [];
      for (let offset = 0; offset < 5; offset++) {
        const body = (await t.request.get(`/api/v1/projects/${Q}/assets?tags=common&limit=1&offset=${offset}&${sort}`).set('Authorization', ADMIN_AUTH).expect(200)).body;
        expect(body.total).to.equal(4);
        seen.push(...names(body));
      }
      return seen;
    };
    expect(await walk('sort_by=name&sort_order=asc')).to.deep.equal(['Ash', 'Birch', 'Date', 'Elm']);
    expect(await walk('sort_by=created_at&sort_order=desc')).to.deep.equal(['Elm', 'Date', 'Birch', 'Ash']);
    expect((await walk('sort_by=generation_count&sort_order=desc')).slice(0, 2)).to.deep.equal(['Date', 'Birch']);
    expect((await walk('sort_by=updated_at&sort_order=desc'))[0]).to.equal('Birch');
    expect((await t.request.get(`/api/v1/projects/${Q}/assets?tags=common,rare`).set('Authorization', ADMIN_AUTH).expect(200)).body.total).to.equal(0);
  });
});
