import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import sharp from 'sharp';
import { ADMIN_TOKEN, type TestApp } from '../helpers/create-test-app.ts';
import { adminApi, createMediaApp, createTag } from './media-helpers.ts';

const run = promisify(execFile);
const EXAMPLES = path.join(path.dirname(new URL(import.meta.url).pathname), 'spec-examples');

/** The spec's Python `requests` examples, as written, against a running server. */
describe('media assets: the spec’s Python examples', () => {
  let t: TestApp;
  let server: http.Server;
  let baseUrl: string;
  let workDir: string;
  const substitutions: Record<string, string> = {};

  async function runExample(file: string): Promise<string> {
    let source = await fs.readFile(path.join(EXAMPLES, file), 'utf8');
    source = source.replaceAll('https://api.example.com', baseUrl).replaceAll('YOUR_ACCESS_TOKEN', ADMIN_TOKEN);
    for (const [placeholder, value] of Object.entries(substitutions)) source = source.replaceAll(placeholder, value);
    const script = path.join(workDir, file);
    await fs.writeFile(script, source);
    const { stdout } = await run('python3', [script], { cwd: workDir });
    return stdout;
  }

  before(async function () {
    try {
      await run('python3', ['-c', 'import requests']);
    } catch {
      this.skip(); // python3 with requests is needed to run the examples as written
    }
    t = await createMediaApp();
    server = http.createServer(t.app).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'af-spec-examples-'));
    const jpg = await sharp({ create: { width: 8, height: 6, channels: 3, background: '#c84' } }).jpeg().toBuffer();
    await fs.writeFile(path.join(workDir, 'product_image.jpg'), jpg);
    substitutions['tag-uuid-1'] = await createTag(t, 'Catalogue');
    substitutions['tag-uuid-2'] = await createTag(t, 'Spring');
  });
  after(async () => {
    if (server) await new Promise((resolve) => server.close(resolve));
    if (t) await t.stop();
    if (workDir) await fs.rm(workDir, { recursive: true, force: true });
  });

  it('uploads a media asset with two tags', async () => {
    const out = await runExample('upload.py');
    const match = /^Uploaded successfully\. Asset ID: ([0-9a-f-]{36})$/m.exec(out);
    expect(match, out).to.not.equal(null);
    substitutions['existing-asset-uuid'] = match![1];
    const asset = (await adminApi(t).get(`/api/media-assets/${match![1]}`).expect(200)).body;
    expect(asset).to.include({ file_name: 'product_image.jpg', file_type: 'jpg', content_type: 'image/jpeg', width: 8, height: 6 });
    expect(asset.tag_ids).to.have.members([substitutions['tag-uuid-1'], substitutions['tag-uuid-2']]);
  });

  it('creates a tag and adds it to the asset', async () => {
    const out = await runExample('create-tag-and-add.py');
    expect(out).to.match(/^Tag created successfully\. Tag ID: [0-9a-f-]{36}$/m);
    expect(out).to.contain('Tag added to asset successfully');
    const asset = (await adminApi(t).get(`/api/media-assets/${substitutions['existing-asset-uuid']}`).expect(200)).body;
    expect(asset.tags.map((x: { name: string }) => x.name)).to.include('Product Photos');
  });

  it('searches media assets by tags', async () => {
    const out = await runExample('search-by-tags.py');
    expect(out).to.contain('Found 1 assets out of 1 total');
    expect(out).to.contain(`Asset: product_image.jpg (ID: ${substitutions['existing-asset-uuid']})`);
  });
});
