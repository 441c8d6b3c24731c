import fs from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import { createTestApp, type TestApp } from '../helpers/create-test-app.ts';

describe('readiness of the upload area', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ plugins: ['storage', 'storage-local'] });
  });
  after(() => t.stop());

  it('is not ready while uploads cannot be received, naming the upload area', async () => {
    // Uploads land in storage/tmp/ first. A regular file there cannot take files under it, even for root.
    const uploadArea = path.join(t.dataDir, 'storage', 'tmp');
    await fs.rm(uploadArea, { recursive: true, force: true });
    await fs.mkdir(path.dirname(uploadArea), { recursive: true });
    await fs.writeFile(uploadArea, 'not a directory');
    try {
      const res = await t.request.get('/readyz').expect(503);
      expect(res.body.status).to.equal('unavailable');
      expect(res.body.checks.storage.status, 'the storage root itself is still writable').to.equal('ok');
      expect(res.body.checks.uploads.status).to.equal('failing');
      expect(res.body.checks.uploads.error).to.include('tmp/');
    } finally {
      await fs.rm(uploadArea, { force: true });
    }
    const ready = await t.request.get('/readyz').expect(200);
    expect(ready.body.checks.uploads.status).to.equal('ok');
  });
});
