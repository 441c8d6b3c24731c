import { expect } from 'chai';
import { ADMIN_AUTH, createTestApp, type TestApp } from '../helpers/create-test-app.ts';

describe('odd but valid input gets a clear 400, never a 500', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.stop());

  const rawJson = (method: 'post' | 'put', url: string, body: string) =>
    t.request[method](url).set('Authorization', ADMIN_AUTH).set('Content-Type', 'application/json').send(body);
  const get = (url: string) => t.request.get(url).set('Authorization', ADMIN_AUTH);

  async function expect400(res: { status: number; type: string; body: { errors?: Array<{ field: string; message: string }> } }, field: string, message: RegExp) {
    expect(res.status).to.equal(400);
    expect(res.type).to.equal('application/problem+json');
    expect(res.body.errors?.[0]?.field).to.equal(field);
    expect(res.body.errors?.[0]?.message).to.match(message);
  }

  it('refuses a NUL byte in a tag name, a text filter and a tag filter, naming the field', async () => {
    await expect400(await rawJson('post', '/api/tags', '{"name":"a\\u0000b"}'), 'body.name', /NUL/);
    await expect400(await get('/api/tags?search=a%00b'), 'query.search', /NUL/);
    await expect400(await get('/api/media-assets?search=a%00b'), 'query.search', /NUL/);
    await expect400(await get('/api/v1/projects/p/assets?search=a%00b'), 'query.search', /NUL/);
    await expect400(await get('/api/v1/projects/p/assets?tags=a%00b'), 'query.tags', /NUL/);
    await expect400(await rawJson('post', '/api/v1/projects/p/assets', '{"name":"n","tags":["a\\u0000b"]}'), 'body.tags.0', /NUL/);
  });

  it('refuses a lone UTF-16 surrogate, in values and in metadata keys, but keeps real emoji', async () => {
    await expect400(await rawJson('post', '/api/tags', '{"name":"x\\ud800"}'), 'body.name', /lone UTF-16 surrogate/);
    await expect400(await rawJson('post', '/api/v1/projects/p/assets', '{"name":"x\\udc00y"}'), 'body.name', /surrogate/);
    await expect400(await rawJson('post', '/api/v1/projects/p/assets', '{"name":"n","metadata":{"k\\ud83d":1}}'), 'body.metadata.k\ud83d', /surrogate/);
    const ok = await rawJson('post', '/api/tags', '{"name":"dragon \\ud83d\\udc09"}').expect(201);
    expect(ok.body.name).to.equal('dragon 🐉');
    const tags = (await get('/api/tags?search=dragon').expect(200)).body.items.map((x: { name: string }) => x.name);
    expect(tags).to.deep.equal(['dragon 🐉']);
  });

  it('refuses JSON nested thousands of levels deep in a small body, and stores nothing', async () => {
    const deep = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
    await expect400(await rawJson('post', '/api/v1/projects/deep/assets', `{"name":"n","metadata":${deep}}`), 'body.metadata' + '.a'.repeat(63), /nested deeper than 64/);
    await expect400(await rawJson('post', '/api/tags', '['.repeat(5000) + ']'.repeat(5000)), 'body' + '.0'.repeat(64), /nested/);
    expect((await get('/api/v1/projects/deep/assets').expect(200)).body.total).to.equal(0);
    // Ordinary nesting is fine.
    const nested = '{"a":'.repeat(20) + '1' + '}'.repeat(20);
    await rawJson('post', '/api/v1/projects/deep/assets', `{"name":"n","metadata":${nested}}`).expect(201);
  });
});
