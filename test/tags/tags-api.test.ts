import { expect } from 'chai';
import { ADMIN_AUTH, createTestApp, type TestApp } from '../helpers/create-test-app.ts';

describe('tags API', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ plugins: ['tags'] });
  });
  after(() => t.stop());

  const api = () => ({
    get: (url: string) => t.request.get(url).set('Authorization', ADMIN_AUTH),
    post: (url: string) => t.request.post(url).set('Authorization', ADMIN_AUTH),
    put: (url: string) => t.request.put(url).set('Authorization', ADMIN_AUTH),
    del: (url: string) => t.request.delete(url).set('Authorization', ADMIN_AUTH),
  });

  it('creates, reads, updates and deletes a tag', async () => {
    const created = await api().post('/api/tags').send({ name: 'Product Photos', description: 'Official', color: '#FF5733' }).expect(201);
    expect(created.body).to.include({ name: 'Product Photos', description: 'Official', color: '#FF5733' });
    expect(created.body.id).to.match(/^[0-9a-f-]{36}$/);
    expect(new Date(created.body.created_at).toISOString()).to.equal(created.body.created_at);

    const read = await api().get(`/api/tags/${created.body.id}`).expect(200);
    expect(read.body).to.deep.equal(created.body);

    const updated = await api().put(`/api/tags/${created.body.id}`).send({ name: 'Product photos', color: '#abc', description: null }).expect(200);
    expect(updated.body).to.include({ name: 'Product photos', color: '#abc', description: null });

    await api().del(`/api/tags/${created.body.id}`).expect(204);
    await api().get(`/api/tags/${created.body.id}`).expect(404);
    await api().del(`/api/tags/${created.body.id}`).expect(404);
  });

  it('refuses a duplicate name regardless of case with 409, on create and rename', async () => {
    await api().post('/api/tags').send({ name: 'Dupe' }).expect(201);
    const res = await api().post('/api/tags').send({ name: '  dUPE ' }).expect(409);
    expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
    const other = await api().post('/api/tags').send({ name: 'Other' }).expect(201);
    await api().put(`/api/tags/${other.body.id}`).send({ name: 'DUPE' }).expect(409);
  });

  it('keeps the case-insensitive name key in step with a rename', async () => {
    const tag = await api().post('/api/tags').send({ name: 'OldName' }).expect(201);
    await api().put(`/api/tags/${tag.body.id}`).send({ name: 'NewName' }).expect(200);
    const found = await api().get('/api/tags?name=newname').expect(200);
    expect(found.body.items.map((x: { id: string }) => x.id)).to.deep.equal([tag.body.id]);
    expect((await api().get('/api/tags?name=oldname').expect(200)).body.total).to.equal(0);
    await api().post('/api/tags').send({ name: 'NEWNAME' }).expect(409);
    await api().post('/api/tags').send({ name: 'oldname' }).expect(201);
  });

  it('accepts #RGB and #RRGGBB colours only', async () => {
    await api().post('/api/tags').send({ name: 'c1', color: '#a1B' }).expect(201);
    await api().post('/api/tags').send({ name: 'c2', color: '#A1b2C3' }).expect(201);
    for (const color of ['red', '#12', '#1234', 'FF5733', '#GGGGGG', '#1234567', 42]) {
      const res = await api().post('/api/tags').send({ name: `bad ${String(color)}`, color }).expect(400);
      expect(res.body.errors[0].field).to.equal('body.color');
    }
  });

  it('answers 400 problem+json for bad bodies', async () => {
    await api().post('/api/tags').set('Content-Type', 'application/json').send('{"name": ').expect(400);
    await api().post('/api/tags').send({ name: 12 }).expect(400);
    await api().post('/api/tags').send({ name: '   ' }).expect(400);
    await api().post('/api/tags').send({}).expect(400);
    const res = await api().post('/api/tags').send({ name: 'x', colour: '#fff' }).expect(400);
    expect(res.body.errors[0].field).to.equal('body.colour');
  });

  it('answers 404 for a non-UUID or unknown id', async () => {
    await api().get('/api/tags/not-a-uuid').expect(404);
    await api().get('/api/tags/00000000-0000-4000-8000-000000000000').expect(404);
    await api().put('/api/tags/00000000-0000-4000-8000-000000000000').send({ name: 'z' }).expect(404);
  });

  describe('list', () => {
    let t2: TestApp;
    before(async () => {
      t2 = await createTestApp({ plugins: ['tags'] });
      for (const name of ['banana', 'Apple', 'cherry', 'apricot', '50%_off']) {
        await t2.request.post('/api/tags').set('Authorization', ADMIN_AUTH).send({ name, description: name === 'cherry' ? 'red fruit' : null }).expect(201);
      }
    });
    after(() => t2.stop());
    const list = (qs: string) => t2.request.get(`/api/tags${qs}`).set('Authorization', ADMIN_AUTH);

    it('pages and sorts by name regardless of case by default', async () => {
      const res = await list('').expect(200);
      expect(res.body.items.map((x: { name: string }) => x.name)).to.deep.equal(['50%_off', 'Apple', 'apricot', 'banana', 'cherry']);
      expect(res.body).to.include({ total: 5, skip: 0, limit: 100 });
      const page = await list('?skip=1&limit=2&sort_dir=desc').expect(200);
      expect(page.body.items.map((x: { name: string }) => x.name)).to.deep.equal(['banana', 'apricot']);
      expect(page.body).to.include({ total: 5, skip: 1, limit: 2 });
    });

    it('filters by exact name (any case) and by search over name and description', async () => {
      expect((await list('?name=APPLE').expect(200)).body.items.map((x: { name: string }) => x.name)).to.deep.equal(['Apple']);
      expect((await list('?search=ap').expect(200)).body.total).to.equal(2);
      expect((await list('?search=RED').expect(200)).body.items[0].name).to.equal('cherry');
      // LIKE wildcards in the term match themselves
      expect((await list('?search=%25_').expect(200)).body.items.map((x: { name: string }) => x.name)).to.deep.equal(['50%_off']);
      expect((await list('?search=_').expect(200)).body.total).to.equal(1);
    });

    it('refuses bad paging, unknown sort fields and repeated keys; ignores unknown params', async () => {
      await list('?limit=201').expect(400);
      await list('?limit=0').expect(400);
      await list('?skip=-1').expect(400);
      await list('?limit=abc').expect(400);
      await list('?sort_by=description').expect(400);
      await list('?sort_dir=up').expect(400);
      const twice = await list('?limit=1&limit=2').expect(400);
      expect(twice.body.errors[0]).to.deep.equal({ field: 'query.limit', message: 'must be given once' });
      await list('?whatever=1').expect(200);
      expect((await list('?sort_by=created_at&limit=200').expect(200)).body.limit).to.equal(200);
    });
  });
});
