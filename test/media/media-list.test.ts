import { expect } from 'chai';
import type { TestApp } from '../helpers/create-test-app.ts';
import { adminApi, createMediaApp, createTag } from './media-helpers.ts';

describe('media assets: list filters and sorting', () => {
  let t: TestApp;
  let api: ReturnType<typeof adminApi>;
  const tag: Record<string, string> = {};
  const names = (res: { body: { items: Array<{ file_name: string }> } }) => res.body.items.map((a) => a.file_name);

  before(async () => {
    t = await createMediaApp();
    api = adminApi(t);
    for (const name of ['red', 'green', 'blue']) tag[name] = await createTag(t, name);
    const rows: Array<[string, string, string, string, string[]]> = [
      ['apple.jpg', 'jpg', 'image/jpeg', 'ann', ['red', 'green']],
      ['Banana.png', 'png', 'image/png', 'bob', ['green']],
      ['cherry.jpg', 'jpeg', 'image/jpeg', 'ann', ['red']],
      ['date_100%.pdf', 'pdf', 'application/pdf', 'bob', ['red', 'green', 'blue']],
      ['elder.csv', 'csv', 'text/csv', 'cy', []],
    ];
    for (const [file_name, file_type, content_type, uploaded_by, tags] of rows) {
      await api.post('/api/media-assets').send({ file_name, file_type, content_type, uploaded_by, tag_ids: tags.map((n) => tag[n]) }).expect(201);
      await new Promise((resolve) => setTimeout(resolve, 3)); // distinct upload times, for the order checks
    }
  });
  after(() => t.stop());

  it('answers items, total, skip and limit, newest upload first by default', async () => {
    const res = await api.get('/api/media-assets').expect(200);
    expect(res.body).to.include({ total: 5, skip: 0, limit: 100 });
    expect(names(res)).to.deep.equal(['elder.csv', 'date_100%.pdf', 'cherry.jpg', 'Banana.png', 'apple.jpg']);
    const page = await api.get('/api/media-assets?skip=1&limit=2&sort_dir=asc').expect(200);
    expect(names(page)).to.deep.equal(['Banana.png', 'cherry.jpg']);
    expect(page.body).to.include({ total: 5, skip: 1, limit: 2 });
  });

  it('sorts by each known field', async () => {
    expect(names(await api.get('/api/media-assets?sort_by=file_name&sort_dir=asc').expect(200))[4]).to.equal('elder.csv');
    expect(names(await api.get('/api/media-assets?sort_by=uploaded_by&sort_dir=desc').expect(200))[0]).to.equal('elder.csv');
    const byType = names(await api.get('/api/media-assets?sort_by=file_type&sort_dir=asc').expect(200));
    expect(byType[0]).to.equal('elder.csv');
    for (const field of ['created_at', 'updated_at', 'file_size_bytes', 'uploaded_at']) await api.get(`/api/media-assets?sort_by=${field}`).expect(200);
  });

  it('requires all given tags by default, any with tag_match=any', async () => {
    const all = await api.get(`/api/media-assets?tag_ids=${tag.red}&tag_ids=${tag.green}&sort_by=file_name&sort_dir=asc`).expect(200);
    expect(names(all)).to.deep.equal(['apple.jpg', 'date_100%.pdf']);
    expect(all.body.total).to.equal(2);
    const comma = await api.get(`/api/media-assets?tag_ids=${tag.red},${tag.green},${tag.blue}`).expect(200);
    expect(names(comma)).to.deep.equal(['date_100%.pdf']);
    const any = await api.get(`/api/media-assets?tag_ids=${tag.blue}&tag_ids=${tag.green}&tag_match=any`).expect(200);
    expect(any.body.total).to.equal(3);
    const one = await api.get(`/api/media-assets?tag_ids=${tag.red}`).expect(200);
    expect(one.body.total).to.equal(3);
    const repeated = await api.get(`/api/media-assets?tag_ids=${tag.red}&tag_ids=${tag.red}`).expect(200);
    expect(repeated.body.total).to.equal(3);
  });

  it('filters by file type (a leading dot and jpeg accepted), uploader, file name and search', async () => {
    expect((await api.get('/api/media-assets?file_type=.jpg').expect(200)).body.total).to.equal(2);
    expect((await api.get('/api/media-assets?file_type=JPEG').expect(200)).body.total).to.equal(2);
    expect(names(await api.get('/api/media-assets?uploaded_by=cy').expect(200))).to.deep.equal(['elder.csv']);
    expect((await api.get('/api/media-assets?uploaded_by=An').expect(200)).body.total).to.equal(0);
    expect(names(await api.get('/api/media-assets?file_name=BANANA').expect(200))).to.deep.equal(['Banana.png']);
    expect(names(await api.get('/api/media-assets?file_name=%25').expect(200))).to.deep.equal(['date_100%.pdf']);
    expect(names(await api.get('/api/media-assets?file_name=_').expect(200))).to.deep.equal(['date_100%.pdf']);
    // search looks in file names and tag names
    expect(names(await api.get('/api/media-assets?search=err').expect(200))).to.deep.equal(['cherry.jpg']);
    expect((await api.get('/api/media-assets?search=BLU').expect(200)).body.total).to.equal(1);
    const combined = await api.get(`/api/media-assets?tag_ids=${tag.red}&uploaded_by=ann&file_type=jpg&search=app`).expect(200);
    expect(names(combined)).to.deep.equal(['apple.jpg']);
  });

  it('refuses unknown sort fields, bad paging, bad ids and repeated scalar keys; ignores unknown params', async () => {
    for (const qs of ['sort_by=file_name;DROP', 'sort_by=id', 'sort_by=storage_location', 'sort_dir=sideways', 'limit=201', 'limit=0', 'skip=-1', 'skip=x', 'tag_ids=nope', 'tag_match=some', 'limit=5&limit=6', 'sort_by=file_name&sort_by=file_type', 'search=a&search=b']) {
      const res = await api.get(`/api/media-assets?${qs}`);
      expect(res.status, qs).to.equal(400);
      expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
    }
    const twice = await api.get('/api/media-assets?limit=5&limit=6').expect(400);
    expect(twice.body.errors[0]).to.deep.equal({ field: 'query.limit', message: 'must be given once' });
    expect((await api.get('/api/media-assets?limit=200&colour=red').expect(200)).body.limit).to.equal(200);
  });
});
