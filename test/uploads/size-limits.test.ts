import fs from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../helpers/create-test-app.ts';
import { rawUpload } from '../helpers/raw-upload.ts';
import { adminApi, countRows, createRecord } from '../media/media-helpers.ts';
import { newGeneration } from './upload-helpers.ts';

const MiB = 1024 * 1024;
/** A PNG signature and header, then anything: a type check alone would call it a PNG. */
const PNG_HEAD = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(64 * 1024, 0x5a)]);

async function filesUnder(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true, recursive: true }).catch(() => [])) {
    if (entry.isFile()) found.push(path.join(entry.parentPath, entry.name));
  }
  return found.filter((file) => !/\.sqlite(-\w+)?$/.test(file)).sort();
}

describe('uploads over the size limit', function () {
  this.timeout(120_000);
  let t: TestApp;
  let generationId: string;
  let mediaId: string;

  /** Rows, objects and search documents: a refused upload must leave each as it was. */
  const footprint = async () => ({
    files: await countRows(t, 'SELECT COUNT(*) AS n FROM files'),
    media: await countRows(t, 'SELECT COUNT(*) AS n FROM media_assets'),
    outbox: await countRows(t, 'SELECT COUNT(*) AS n FROM search_outbox'),
    objects: await filesUnder(t.dataDir),
  });

  before(async () => {
    t = await createTestApp({ plugins: ['image-assets', 'media-assets', 'storage-local'] });
    generationId = (await newGeneration(t)).generation.id as string;
    mediaId = (await createRecord(t, 'kept-name.pdf')).id;
    await adminApi(t).get('/api/media-assets').expect(200);
  });
  after(() => t?.stop());

  const endpoints = [
    { name: 'media upload', path: () => '/api/media-assets/upload', method: 'POST', limit: 100 * MiB, over: 101 * MiB },
    { name: 'media file replace', path: () => `/api/media-assets/${mediaId}/upload`, method: 'POST', limit: 100 * MiB, over: 101 * MiB },
    { name: 'generation upload', path: () => `/api/v1/generations/${generationId}/upload`, method: 'POST', limit: 50 * MiB, over: 51 * MiB },
  ];

  for (const endpoint of endpoints) {
    it(`${endpoint.name}: a Content-Length over the limit is answered 413 before the body is read`, async () => {
      const before = await footprint();
      const res = await rawUpload(t.app, { method: endpoint.method, path: endpoint.path(), token: ADMIN_TOKEN, fileHead: PNG_HEAD, fileBytes: endpoint.over });
      expect(res.status, JSON.stringify(res.body)).to.equal(413);
      expect(res.contentType).to.match(/^application\/problem\+json/);
      expect(res.body.limit_bytes).to.equal(endpoint.limit);
      expect(String(res.body.detail)).to.contain(String(endpoint.limit));
      // Answered on the headers: only what was written before the answer came had been sent.
      expect(res.sentWhenAnswered).to.be.below(MiB);
      expect(await footprint()).to.deep.equal(before);
    });

    it(`${endpoint.name}: a chunked body is answered 413 once it passes the limit, keeping nothing`, async () => {
      const before = await footprint();
      const res = await rawUpload(t.app, {
        method: endpoint.method,
        path: endpoint.path(),
        token: ADMIN_TOKEN,
        fileHead: PNG_HEAD,
        fileBytes: endpoint.over,
        declareLength: false,
      });
      expect(res.status, JSON.stringify(res.body)).to.equal(413);
      expect(res.contentType).to.match(/^application\/problem\+json/);
      expect(res.body.limit_bytes).to.equal(endpoint.limit);
      expect(res.sentWhenAnswered).to.be.above(endpoint.limit);
      // The partial temporary object goes once the stream is torn down.
      for (let i = 0; i < 50 && JSON.stringify(await footprint()) !== JSON.stringify(before); i += 1) await new Promise((r) => setTimeout(r, 100));
      expect(await footprint()).to.deep.equal(before);
    });
  }

  it('the replaced asset and the generation are unchanged after the refusals', async () => {
    const media = await adminApi(t).get(`/api/media-assets/${mediaId}`).expect(200);
    expect(media.body.file_name).to.equal('kept-name.pdf');
    const generation = await adminApi(t).get(`/api/v1/generations/${generationId}`).expect(200);
    expect(generation.body.image_url).to.equal(null);
  });
});
