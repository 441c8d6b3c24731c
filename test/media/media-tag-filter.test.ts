import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { createTestApp, type TestApp } from '../helpers/create-test-app.ts';
import { MEDIA_PLUGINS, PNG_1X1, adminApi, createMediaApp, createTag } from './media-helpers.ts';

/**
 * The list filtered by several tags: which assets, in which order, on which page, and the total,
 * as the library changes. Asset i (0..59) carries tag two when i % 2 == 0, three when i % 3 == 0
 * and five when i % 5 == 0; `none` is on no asset.
 */
describe('media assets: list filtered by several tags', () => {
  let t: TestApp;
  let api: ReturnType<typeof adminApi>;
  const tag: Record<string, string> = {};
  const idOf: string[] = [];
  const COUNT = 60;
  const name = (i: number) => `asset-${String(i).padStart(2, '0')}.pdf`;
  const matching = (test: (i: number) => boolean) => Array.from({ length: COUNT }, (_, i) => i).filter(test);
  const names = (res: { body: { items: Array<{ file_name: string }> } }) => res.body.items.map((a) => a.file_name);
  const list = async (qs: string) => (await api.get(`/api/media-assets?${qs}`).expect(200)).body as {
    items: Array<{ id: string; file_name: string; tag_ids: string[]; uploaded_at: string }>;
    total: number;
    skip: number;
    limit: number;
  };

  before(async () => {
    t = await createMediaApp();
    api = adminApi(t);
    for (const n of ['two', 'three', 'five', 'none', 'other']) tag[n] = await createTag(t, n);
    for (let i = 0; i < COUNT; i++) {
      const tags = [i % 2 === 0 && tag.two, i % 3 === 0 && tag.three, i % 5 === 0 && tag.five, i % 7 === 0 && tag.other].filter(Boolean);
      const res = await api
        .post('/api/media-assets')
        .send({ file_name: name(i), file_type: i % 4 === 0 ? 'png' : 'pdf', content_type: i % 4 === 0 ? 'image/png' : 'application/pdf', uploaded_by: `user-${i % 3}`, tag_ids: tags })
        .expect(201);
      idOf.push(res.body.id);
    }
  });
  after(() => t.stop());

  it('keeps the assets carrying every given tag, with their total', async () => {
    const res = await api.get(`/api/media-assets?tag_ids=${tag.two},${tag.three},${tag.five}&sort_by=file_name&sort_dir=asc`).expect(200);
    expect(names(res)).to.deep.equal(matching((i) => i % 30 === 0).map(name));
    expect(res.body).to.include({ total: 2, skip: 0, limit: 100 });
    for (const item of res.body.items) expect(item.tag_ids).to.include.members([tag.two, tag.three, tag.five]);
    const pair = await list(`tag_ids=${tag.two}&tag_ids=${tag.three}&sort_by=file_name&sort_dir=asc`);
    expect(pair.items.map((a) => a.file_name)).to.deep.equal(matching((i) => i % 6 === 0).map(name));
    expect(pair.total).to.equal(10);
  });

  it('answers the same whatever the order of the tags, and counts a repeated tag once', async () => {
    const expected = matching((i) => i % 10 === 0).map(name);
    for (const qs of [`${tag.two},${tag.five}`, `${tag.five},${tag.two}`, `${tag.five},${tag.two},${tag.five}`, `${tag.two}&tag_ids=${tag.five}&tag_ids=${tag.two}`]) {
      const res = await list(`tag_ids=${qs}&sort_by=file_name&sort_dir=desc`);
      expect(res.items.map((a) => a.file_name), qs).to.deep.equal([...expected].reverse());
      expect(res.total, qs).to.equal(6);
    }
  });

  it('finds nothing when a tag is on no asset, is unknown or the tags never meet', async () => {
    for (const qs of [`${tag.two},${tag.none}`, `${tag.none}`, `${tag.two},${tag.three},${randomUUID()}`, `${randomUUID()}`]) {
      const res = await list(`tag_ids=${qs}`);
      expect(res.items, qs).to.deep.equal([]);
      expect(res.total, qs).to.equal(0);
    }
    // i % 7 and i % 5 meet at 0 and 35 only; with i % 2 at 0 only.
    expect((await list(`tag_ids=${tag.other},${tag.five},${tag.two}`)).items.map((a) => a.file_name)).to.deep.equal([name(0)]);
  });

  it('pages through the intersection in order, with the same total on every page, past the end too', async () => {
    const qs = `tag_ids=${tag.two},${tag.three}`;
    for (const [sort, dir] of [['file_name', 'asc'], ['file_name', 'desc'], ['uploaded_at', 'desc'], ['uploaded_at', 'asc'], ['file_size_bytes', 'asc'], ['uploaded_by', 'desc']]) {
      const whole = await list(`${qs}&sort_by=${sort}&sort_dir=${dir}&limit=200`);
      expect(whole.total).to.equal(10);
      expect(whole.items.map((a) => a.file_name)).to.have.members(matching((i) => i % 6 === 0).map(name));
      const paged: string[] = [];
      for (let skip = 0; skip < 12; skip += 3) {
        const page = await list(`${qs}&sort_by=${sort}&sort_dir=${dir}&skip=${skip}&limit=3`);
        expect(page).to.include({ total: 10, skip, limit: 3 });
        paged.push(...page.items.map((a) => a.id));
      }
      expect(paged, `${sort} ${dir}`).to.deep.equal(whole.items.map((a) => a.id));
    }
    const newest = await list(`${qs}&sort_dir=desc&limit=200`);
    const times = newest.items.map((a) => a.uploaded_at);
    expect(times).to.deep.equal([...times].sort().reverse());
    const past = await list(`${qs}&skip=50&limit=5`);
    expect(past).to.deep.include({ items: [], total: 10, skip: 50, limit: 5 });
  });

  it('combines the tags with the other filters, and tag_match=any counts an asset once', async () => {
    const typed = await list(`tag_ids=${tag.two},${tag.three}&file_type=png&sort_by=file_name&sort_dir=asc`);
    expect(typed.items.map((a) => a.file_name)).to.deep.equal(matching((i) => i % 12 === 0).map(name));
    expect(typed.total).to.equal(5);
    const byUser = await list(`tag_ids=${tag.two},${tag.five}&uploaded_by=user-0&sort_by=file_name&sort_dir=asc`);
    expect(byUser.items.map((a) => a.file_name)).to.deep.equal(matching((i) => i % 30 === 0).map(name));
    const searched = await list(`tag_ids=${tag.two},${tag.five}&search=asset-2&sort_by=file_name&sort_dir=asc`);
    expect(searched.items.map((a) => a.file_name)).to.deep.equal([name(20)]);
    expect(searched.total).to.equal(1);
    const named = await list(`tag_ids=${tag.two},${tag.five}&file_name=ASSET-4`);
    expect(named.items.map((a) => a.file_name)).to.deep.equal([name(40)]);
    const any = await list(`tag_ids=${tag.three},${tag.five}&tag_match=any&limit=5&sort_by=file_name&sort_dir=asc`);
    const anyNames = matching((i) => i % 3 === 0 || i % 5 === 0).map(name);
    expect(any.total).to.equal(anyNames.length);
    expect(any.items.map((a) => a.file_name)).to.deep.equal(anyNames.slice(0, 5));
  });

  it('shows each listed asset exactly as GET shows it, an uploaded file included', async () => {
    const odd = (await api.post('/api/tags').send({ name: 'Ünï "quoted" \\ back', color: '#A1B2C3' }).expect(201)).body.id as string;
    const uploaded = await api.post('/api/media-assets/upload').field('tag_ids', `${tag.five},${odd},${tag.two},${tag.three}`).attach('file', PNG_1X1, 'pixel.png').expect(201);
    expect(uploaded.body.file_size_bytes).to.be.a('number');
    const res = await list(`tag_ids=${tag.three},${tag.two},${tag.five}&sort_by=file_name&sort_dir=asc`);
    expect(res.items.map((a) => a.file_name)).to.deep.equal([name(0), name(30), 'pixel.png']);
    for (const item of res.items) expect(item).to.deep.equal((await api.get(`/api/media-assets/${item.id}`).expect(200)).body);
    const pixel = res.items[2] as unknown as Record<string, unknown>;
    expect(pixel).to.include({ width: 1, height: 1, format: 'png' });
    expect((pixel.tags as Array<{ name: string }>).map((x) => x.name)).to.deep.equal(['five', 'three', 'two', 'Ünï "quoted" \\ back']);
    expect(pixel.tags).to.deep.include({ id: odd, name: 'Ünï "quoted" \\ back', color: '#A1B2C3' });
    await api.del(`/api/media-assets/${uploaded.body.id}`).expect(204);
    await api.del(`/api/tags/${odd}`).expect(204);
  });

  it('follows tag changes, renames, deletions and new assets at once', async () => {
    const qs = `tag_ids=${tag.two},${tag.three},${tag.five}&sort_by=file_name&sort_dir=asc`;
    expect((await list(qs)).total).to.equal(2);
    // Asset 1 gains all three tags, asset 0 loses one.
    await api.post(`/api/media-assets/${idOf[1]}/tags`).send({ tag_ids: [tag.two, tag.three, tag.five] }).expect(200);
    await api.del(`/api/media-assets/${idOf[0]}/tags`).send({ tag_ids: [tag.three] }).expect(200);
    expect((await list(qs)).items.map((a) => a.file_name)).to.deep.equal([name(1), name(30)]);
    // A rename of an asset moves it in the order; a new asset with the tags joins the list.
    await api.put(`/api/media-assets/${idOf[30]}`).send({ file_name: 'aaa-first.pdf' }).expect(200);
    const created = await api.post('/api/media-assets').send({ file_name: 'zzz-last.pdf', file_type: 'pdf', content_type: 'application/pdf', tag_ids: [tag.five, tag.three, tag.two] }).expect(201);
    const after = await list(qs);
    expect(after.items.map((a) => a.file_name)).to.deep.equal(['aaa-first.pdf', name(1), 'zzz-last.pdf']);
    expect(after.total).to.equal(3);
    // PUT tag_ids replaces the tags; the batch route removes them from many assets.
    await api.put(`/api/media-assets/${idOf[1]}`).send({ tag_ids: [tag.two] }).expect(200);
    expect((await list(qs)).total).to.equal(2);
    await api.post('/api/media-assets/batch-tags').send({ asset_ids: [idOf[30], created.body.id], remove_tag_ids: [tag.five] }).expect(200);
    expect((await list(qs)).total).to.equal(0);
    await api.post('/api/media-assets/batch-tags').send({ asset_ids: [idOf[30], created.body.id], add_tag_ids: [tag.five] }).expect(200);
    expect((await list(qs)).total).to.equal(2);
    // Deleting an asset or one of the tags takes it out.
    await api.del(`/api/media-assets/${created.body.id}`).expect(204);
    expect((await list(qs)).items.map((a) => a.file_name)).to.deep.equal(['aaa-first.pdf']);
    // A search by tag name follows a rename of the tag.
    expect((await list(`tag_ids=${tag.two},${tag.three}&search=renamed`)).total).to.equal(0);
    await api.put(`/api/tags/${tag.three}`).send({ name: 'three-renamed' }).expect(200);
    expect((await list(`tag_ids=${tag.two},${tag.three}&search=renamed`)).total).to.equal(9);
    await api.del(`/api/tags/${tag.five}`).expect(204);
    expect((await list(qs)).total).to.equal(0);
    expect((await list(`tag_ids=${tag.two},${tag.three}`)).total).to.equal(9);
  });
});

describe('media assets: a list answer stays right when another process writes', () => {
  let first: TestApp;
  let second: TestApp;
  before(async () => {
    first = await createMediaApp();
    second = await createTestApp({ plugins: MEDIA_PLUGINS, reuse: { dataDir: first.dataDir, databaseUrl: first.databaseUrl } });
  });
  after(async () => {
    await second?.stop({ keepData: true });
    await first?.stop();
  });

  it('sees the other process’s tag changes, renames and deletions on its next request', async () => {
    const a = await createTag(first, 'alpha');
    const b = await createTag(first, 'beta');
    const api = adminApi(first);
    const other = adminApi(second);
    const one = (await api.post('/api/media-assets').send({ file_name: 'one.pdf', file_type: 'pdf', content_type: 'application/pdf', tag_ids: [a, b] }).expect(201)).body;
    const qs = `/api/media-assets?tag_ids=${a},${b}&sort_by=file_name&sort_dir=asc`;
    const files = async () => (await api.get(qs).expect(200)).body as { items: Array<{ file_name: string }>; total: number };
    expect(await files()).to.deep.include({ total: 1 });
    expect((await files()).items.map((x) => x.file_name)).to.deep.equal(['one.pdf']);

    await other.post('/api/media-assets').send({ file_name: 'two.pdf', file_type: 'pdf', content_type: 'application/pdf', tag_ids: [b, a] }).expect(201);
    expect((await files()).items.map((x) => x.file_name)).to.deep.equal(['one.pdf', 'two.pdf']);
    await other.put(`/api/media-assets/${one.id}`).send({ file_name: 'z-one.pdf' }).expect(200);
    expect((await files()).items.map((x) => x.file_name)).to.deep.equal(['two.pdf', 'z-one.pdf']);
    await other.del(`/api/media-assets/${one.id}/tags`).send({ tag_ids: [a] }).expect(200);
    expect(await files()).to.deep.include({ total: 1 });
    await other.del(`/api/tags/${b}`).expect(204);
    expect(await files()).to.deep.include({ items: [], total: 0 });
  });
});

describe('media assets: concurrent writes and lists', () => {
  let t: TestApp;
  after(() => t?.stop());

  it('lets parallel creates, tag changes and lists all finish, and the list counts every write', async () => {
    t = await createMediaApp();
    const api = adminApi(t);
    const [red, blue] = [await createTag(t, 'red'), await createTag(t, 'blue')];
    const qs = `/api/media-assets?tag_ids=${red},${blue}`;
    const creates = Array.from({ length: 12 }, (_, i) =>
      api.post('/api/media-assets').send({ file_name: `p-${i}.pdf`, file_type: 'pdf', content_type: 'application/pdf', tag_ids: i % 2 === 0 ? [red, blue] : [red] }),
    );
    const lists = Array.from({ length: 6 }, () => api.get(qs));
    const created = await Promise.all(creates);
    for (const res of [...created, ...(await Promise.all(lists))]) expect(res.status).to.be.oneOf([200, 201]);
    expect((await api.get(qs).expect(200)).body.total).to.equal(6);

    const odd = created.filter((_, i) => i % 2 === 1).map((res) => res.body.id as string);
    const changes = [
      api.post('/api/media-assets/batch-tags').send({ asset_ids: odd.slice(0, 3), add_tag_ids: [blue] }),
      ...odd.slice(3).map((id) => api.post(`/api/media-assets/${id}/tags`).send({ tag_ids: [blue] })),
      ...Array.from({ length: 4 }, () => api.get(qs)),
    ];
    for (const res of await Promise.all(changes)) expect(res.status).to.equal(200);
    const all = await api.get(`${qs}&limit=200`).expect(200);
    expect(all.body.total).to.equal(12);
    expect(all.body.items).to.have.length(12);
  });
});
