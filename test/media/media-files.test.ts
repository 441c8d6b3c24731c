import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { expect } from 'chai';
import sharp from 'sharp';
import type { TestApp } from '../helpers/create-test-app.ts';
import { ADMIN_TOKEN } from '../helpers/create-test-app.ts';
import { adminApi, binaryBody, countRows, createMediaApp, createRecord, createTag, outboxCount, pdfOfSize, PNG_1X1 } from './media-helpers.ts';
import { TEST_ORIGIN } from '../helpers/links.ts';

const MB100 = 100 * 1024 * 1024;

async function filesOnDisk(dir: string): Promise<number> {
  let n = 0;
  const walk = async (d: string) => {
    for (const entry of await fs.readdir(d, { withFileTypes: true }).catch(() => [])) {
      if (entry.isDirectory()) await walk(path.join(d, entry.name));
      else n += 1;
    }
  };
  await walk(dir);
  return n;
}

describe('media assets: uploads and downloads', () => {
  let t: TestApp;
  let api: ReturnType<typeof adminApi>;
  const fileRows = () => countRows(t, 'SELECT COUNT(*) AS n FROM files');
  const assetRows = () => countRows(t, 'SELECT COUNT(*) AS n FROM media_assets');
  const outboxRows = () => countRows(t, "SELECT COUNT(*) AS n FROM search_outbox WHERE index_name = 'media-assets'");
  const storedObjects = () => filesOnDisk(t.dataDir).then(async (n) => n - (await filesOnDisk(path.join(t.dataDir, 'nothing'))));
  /** Rows, objects and outbox entries: what a refused upload must not change. */
  const footprint = async () => ({ files: await fileRows(), assets: await assetRows(), outbox: await outboxRows(), objects: await storedObjects() });

  before(async () => {
    t = await createMediaApp();
    api = adminApi(t);
  });
  after(() => t.stop());

  it('uploads an image with tags: 201, type and dimensions from the bytes', async () => {
    const tag = await createTag(t, 'Photos');
    const png = await sharp({ create: { width: 31, height: 17, channels: 3, background: '#f00' } }).png().toBuffer();
    const res = await api
      .post('/api/media-assets/upload')
      .field('tag_ids', tag)
      .attach('file', png, { filename: 'looks-like.jpg', contentType: 'image/jpeg' })
      .expect(201);
    expect(res.body).to.include({ file_name: 'looks-like.jpg', file_type: 'png', content_type: 'image/png', format: 'png', width: 31, height: 17, file_size_bytes: png.length, uploaded_by: 'admin' });
    expect(res.body.tag_ids).to.deep.equal([tag]);
    expect(res.body.sha256).to.match(/^[0-9a-f]{64}$/);
    expect(res.body.storage_location).to.be.a('string');
    expect(await outboxCount(t, res.body.id)).to.equal(1);
  });

  it('accepts every allowed type and refuses others with 415, leaving nothing', async () => {
    const docs: Array<[string, Buffer, string]> = [
      ['a.pdf', pdfOfSize(2000), 'pdf'],
      ['a.csv', Buffer.from('name,qty\nbolt,3\nnut,4\n'), 'csv'],
      ['a.svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>'), 'svg'],
      ['a.gif', await sharp({ create: { width: 2, height: 2, channels: 3, background: '#0f0' } }).gif().toBuffer(), 'gif'],
      ['a.webp', await sharp({ create: { width: 2, height: 2, channels: 3, background: '#0f0' } }).webp().toBuffer(), 'webp'],
      ['a.jpeg', await sharp({ create: { width: 2, height: 2, channels: 3, background: '#0f0' } }).jpeg().toBuffer(), 'jpg'],
    ];
    for (const [name, bytes, type] of docs) {
      const res = await api.post('/api/media-assets/upload').attach('file', bytes, name);
      expect(res.status, `${name}: ${res.text}`).to.equal(201);
      expect(res.body.file_type).to.equal(type);
    }
    const before = await footprint();
    const refused: Array<[string, Buffer]> = [
      ['evil.png', Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff'.repeat(20), 'latin1')],
      ['page.html', Buffer.from('<!doctype html><html><script>alert(1)</script></html>')],
      ['tiny.tif', await sharp({ create: { width: 2, height: 2, channels: 3, background: '#0f0' } }).tiff().toBuffer()],
    ];
    for (const [name, bytes] of refused) {
      const res = await api.post('/api/media-assets/upload').attach('file', bytes, name);
      expect(res.status, name).to.equal(415);
      expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
    }
    expect(await footprint()).to.deep.equal(before);
  });

  it('with an unknown tag id: 400, and neither the file nor a row is left', async () => {
    const before = await footprint();
    const res = await api
      .post('/api/media-assets/upload')
      .field('tag_ids', '00000000-0000-4000-8000-000000000000')
      .attach('file', pdfOfSize(3001), 'unique-bytes.pdf')
      .expect(400);
    expect(res.body.errors[0].field).to.equal('body.tag_ids');
    await api.post('/api/media-assets/upload').field('tag_ids', 'not-a-uuid').attach('file', pdfOfSize(3002), 'x.pdf').expect(400);
    await api.post('/api/media-assets/upload').field('colour', 'red').attach('file', pdfOfSize(3003), 'x.pdf').expect(400);
    expect(await footprint()).to.deep.equal(before);
  });

  it('refuses a body without a file, a truncated body and a non-multipart body with 400', async () => {
    const before = await footprint();
    await api.post('/api/media-assets/upload').field('tag_ids', '').expect(400);
    await api.post('/api/media-assets/upload').send({ file: 'abc' }).expect(400);
    // A multipart body that stops mid-part, sent with a Content-Length that matches what is sent.
    const boundary = 'XyZ123';
    const partial = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cut.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
      pdfOfSize(5000).subarray(0, 4000),
    ]);
    const res = await api.post('/api/media-assets/upload').set('Content-Type', `multipart/form-data; boundary=${boundary}`).send(partial).expect(400);
    expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(await footprint()).to.deep.equal(before);
  });

  it('uploads several files in one request (batch), all or nothing', async () => {
    const tag = await createTag(t, 'Batch');
    const res = await api
      .post('/api/media-assets/batch-upload')
      .field('tag_ids', tag)
      .attach('file', pdfOfSize(4001), 'one.pdf')
      .attach('file', Buffer.from('a,b\n1,2\n3,4\n'), 'two.csv')
      .expect(201);
    expect(res.body.items.map((a: { file_name: string }) => a.file_name)).to.deep.equal(['one.pdf', 'two.csv']);
    expect((await api.get(`/api/tags/${tag}/count`).expect(200)).body.count).to.equal(2);
    const before = await footprint();
    await api
      .post('/api/media-assets/batch-upload')
      .attach('file', pdfOfSize(4002), 'ok.pdf')
      .attach('file', Buffer.from('<html><body>x</body></html>'), 'bad.html')
      .expect(415);
    expect(await footprint()).to.deep.equal(before);
    // the single upload takes one file only
    await api.post('/api/media-assets/upload').attach('file', pdfOfSize(4003), 'a.pdf').attach('file', pdfOfSize(4004), 'b.pdf').expect(400);
    expect(await footprint()).to.deep.equal(before);
  });

  it('lets only an admin token set uploaded_by', async () => {
    const res = await api.post('/api/media-assets/upload').field('uploaded_by', 'Jane').attach('file', pdfOfSize(4100), 'j.pdf').expect(201);
    expect(res.body.uploaded_by).to.equal('Jane');
    const { token } = await t.container.get((await import('../../src/index.ts')).CORE.apiKeys).create({ name: 'uploader-key', canWrite: true });
    const own = await t.request.post('/api/media-assets/upload').set('Authorization', `Bearer ${token}`).attach('file', pdfOfSize(4101), 'k.pdf').expect(201);
    expect(own.body.uploaded_by).to.equal('uploader-key');
    const before = await footprint();
    await t.request.post('/api/media-assets/upload').set('Authorization', `Bearer ${token}`).field('uploaded_by', 'Jane').attach('file', pdfOfSize(4102), 'l.pdf').expect(403);
    expect(await footprint()).to.deep.equal(before);
  });

  it('accepts exactly 100 MB and refuses one byte more with 413, removing the partial data', async function () {
    this.timeout(120_000);
    const exact = pdfOfSize(MB100);
    const ok = await api.post('/api/media-assets/upload').attach('file', exact, 'big.pdf').expect(201);
    expect(ok.body.file_size_bytes).to.equal(MB100);
    const before = await footprint();
    const over = Buffer.concat([exact.subarray(0, 1000), Buffer.alloc(MB100 + 1 - 1000, 0x20)]);
    const res = await api.post('/api/media-assets/upload').attach('file', over, 'bigger.pdf').expect(413);
    expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(await footprint()).to.deep.equal(before);
    await api.del(`/api/media-assets/${ok.body.id}`).expect(204);
  });

  it('a client that disconnects mid-upload leaves no row, file or search document', async () => {
    const before = await footprint();
    const server = http.createServer(t.app).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    const boundary = 'AbortBoundary';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="gone.pdf"\r\nContent-Type: application/pdf\r\n\r\n`;
    const req = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/media-assets/upload',
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': String(10_000_000) },
    });
    req.on('error', () => undefined);
    req.write(head);
    req.write(pdfOfSize(2_000_000));
    await new Promise((resolve) => setTimeout(resolve, 200)); // let the server start ingesting
    req.destroy();
    // The server cleans up once it sees the socket close; wait for that, not for a fixed time.
    for (let i = 0; i < 100 && JSON.stringify(await footprint()) !== JSON.stringify(before); i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((resolve) => server.close(resolve));
    expect(await footprint()).to.deep.equal(before);
  });

  describe('download', () => {
    let png: Buffer;
    let id: string;
    before(async () => {
      png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#00f' } }).png().toBuffer();
      id = (await api.post('/api/media-assets/upload').attach('file', png, 'Überblick "Q1" résumé.png').expect(201)).body.id;
    });

    it('streams the bytes with type, length, ETag, Last-Modified and a safely encoded name', async () => {
      const res = await api.get(`/api/media-assets/${id}/download`).buffer(true).parse(binaryBody).expect(200);
      expect(Buffer.compare(res.body, png)).to.equal(0);
      expect(res.headers['content-type']).to.equal('image/png');
      expect(res.headers['content-length']).to.equal(String(png.length));
      const asset = (await api.get(`/api/media-assets/${id}`).expect(200)).body;
      expect(res.headers.etag).to.equal(`"${asset.sha256}"`);
      expect(res.headers['last-modified']).to.equal(new Date(asset.uploaded_at).toUTCString());
      expect(res.headers['accept-ranges']).to.equal('bytes');
      expect(res.headers['x-content-type-options']).to.equal('nosniff');
      expect(res.headers['content-disposition']).to.equal(
        `inline; filename="_berblick _Q1_ r_sum_.png"; filename*=UTF-8''%C3%9Cberblick%20%22Q1%22%20r%C3%A9sum%C3%A9.png`,
      );
      const forced = await api.get(`/api/media-assets/${id}/download?disposition=attachment`).expect(200);
      expect(forced.headers['content-disposition']).to.match(/^attachment; /);
      const head = await api.head(`/api/media-assets/${id}/download`).expect(200);
      expect(head.headers['content-length']).to.equal(String(png.length));
    });

    it('answers ranges with 206, and 416 outside the file', async () => {
      const part = await api.get(`/api/media-assets/${id}/download`).set('Range', 'bytes=10-19').buffer(true).parse(binaryBody).expect(206);
      expect(Buffer.compare(part.body, png.subarray(10, 20))).to.equal(0);
      expect(part.headers['content-range']).to.equal(`bytes 10-19/${png.length}`);
      expect(part.headers['content-length']).to.equal('10');
      const suffix = await api.get(`/api/media-assets/${id}/download`).set('Range', 'bytes=-5').buffer(true).parse(binaryBody).expect(206);
      expect(Buffer.compare(suffix.body, png.subarray(png.length - 5))).to.equal(0);
      const open = await api.get(`/api/media-assets/${id}/download`).set('Range', `bytes=${png.length - 3}-`).buffer(true).parse(binaryBody).expect(206);
      expect(open.body.length).to.equal(3);
      const out = await api.get(`/api/media-assets/${id}/download`).set('Range', `bytes=${png.length}-`).expect(416);
      expect(out.headers['content-range']).to.equal(`bytes */${png.length}`);
      expect(out.headers['content-type']).to.match(/^application\/problem\+json/);
      await api.get(`/api/media-assets/${id}/download`).set('Range', 'bytes=5-2').expect(200);
      await api.get(`/api/media-assets/${id}/download`).set('Range', 'bytes=0-1').set('If-Range', '"stale"').expect(200);
    });

    it('answers 304 to If-None-Match and If-Modified-Since', async () => {
      const first = await api.get(`/api/media-assets/${id}/download`).expect(200);
      const etag = first.headers.etag;
      const notModified = await api.get(`/api/media-assets/${id}/download`).set('If-None-Match', `"other", ${etag}`).expect(304);
      expect(notModified.headers.etag).to.equal(etag);
      await api.get(`/api/media-assets/${id}/download`).set('If-None-Match', '"other"').expect(200);
      await api.get(`/api/media-assets/${id}/download`).set('If-Modified-Since', first.headers['last-modified']).expect(304);
      await api.get(`/api/media-assets/${id}/download`).set('If-Modified-Since', new Date(Date.parse(first.headers['last-modified']) - 2000).toUTCString()).expect(200);
      await api.get(`/api/media-assets/${id}/download`).set('If-Modified-Since', 'garbage').expect(200);
    });

    it('reads an SVG’s size from its root element, without parsing the document', async () => {
      // 6 MB of drawing that no SVG parser accepts (the group never closes): the size is still known.
      const body = '<g><rect width="3" height="4"/>'.repeat(200_000);
      const svg = Buffer.from(`<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="400px" height='300'>${body}`);
      const big = await api.post('/api/media-assets/upload').attach('file', svg, 'big.svg').expect(201);
      expect(big.body).to.include({ format: 'svg', width: 400, height: 300 });
      const viewBoxOnly = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 60" width="240"><rect/></svg>');
      expect((await api.post('/api/media-assets/upload').attach('file', viewBoxOnly, 'v.svg').expect(201)).body).to.include({ width: 240, height: 120 });
      const huge = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="100000" height="100000"><rect/></svg>');
      const refused = await api.post('/api/media-assets/upload').attach('file', huge, 'huge.svg').expect(422);
      expect(refused.body.detail).to.match(/100000x100000 pixels/);
    });

    it('serves SVG only as a sandboxed attachment', async () => {
      const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
      const upload = await api.post('/api/media-assets/upload').attach('file', svg, 'x.svg').expect(201);
      const res = await api.get(`/api/media-assets/${upload.body.id}/download?disposition=inline`).expect(200);
      expect(res.headers['content-type']).to.match(/^image\/svg\+xml/);
      expect(res.headers['content-disposition']).to.match(/^attachment; filename="x.svg"/);
      expect(res.headers['x-content-type-options']).to.equal('nosniff');
      expect(res.headers['content-security-policy']).to.contain('sandbox');
      expect(res.headers['content-security-policy']).to.contain("default-src 'none'");
    });

    it('replaces the file (200), releasing the old one, and 404s for unknown assets', async () => {
      const record = await createRecord(t, 'later.pdf');
      const replaced = await api.post(`/api/media-assets/${record.id}/upload`).attach('file', PNG_1X1, 'now-a.png').expect(200);
      // The asset keeps the name it was given.
      expect(replaced.body).to.include({ id: record.id, file_type: 'png', file_name: 'later.pdf', width: 1, height: 1 });
      expect(replaced.body.download_url).to.equal(`${TEST_ORIGIN}/api/media-assets/${record.id}/download`);
      const firstFile = await countRows(t, `SELECT ref_count AS n FROM files WHERE sha256 = '${replaced.body.sha256}'`);
      expect(firstFile).to.equal(1);
      const again = await api.post(`/api/media-assets/${record.id}/upload`).attach('file', Buffer.from('x,y\n1,2\n9,9\n'), 'new.csv').expect(200);
      expect(again.body.file_type).to.equal('csv');
      expect(await countRows(t, `SELECT ref_count AS n FROM files WHERE sha256 = '${replaced.body.sha256}'`)).to.equal(0);
      await api.post('/api/media-assets/00000000-0000-4000-8000-000000000000/upload').attach('file', PNG_1X1, 'x.png').expect(404);
      await api.post(`/api/media-assets/${record.id}/upload`).field('x', '1').expect(400);
      await api.get('/api/media-assets/nope/download').expect(404);
    });

    it('keeps a name set by PUT when the file is replaced, unless file_name gives a new one', async () => {
      const upload = await api.post('/api/media-assets/upload').attach('file', PNG_1X1, 'IMG_0001.png').expect(201);
      await api.put(`/api/media-assets/${upload.body.id}`).send({ file_name: 'Cover art.png' }).expect(200);
      const csv = Buffer.from('a,b\n1,2\n');
      const kept = await api.post(`/api/media-assets/${upload.body.id}/upload`).attach('file', csv, 'export (3).csv').expect(200);
      expect(kept.body).to.include({ file_name: 'Cover art.png', file_type: 'csv' });
      const renamed = await api.post(`/api/media-assets/${upload.body.id}/upload`).field('file_name', 'Prices.csv').attach('file', csv, 'x.csv').expect(200);
      expect(renamed.body.file_name).to.equal('Prices.csv');
      const refused = await api.post(`/api/media-assets/${upload.body.id}/upload`).field('file_name', '   ').attach('file', PNG_1X1, 'y.png').expect(400);
      expect(refused.body.errors[0].field).to.equal('body.file_name');
      expect((await api.get(`/api/media-assets/${upload.body.id}`).expect(200)).body).to.include({ file_name: 'Prices.csv', file_type: 'csv' });
    });
  });
});
