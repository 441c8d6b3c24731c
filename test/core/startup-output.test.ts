import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { startServerProcess } from '../helpers/server-process.ts';

describe('what a start prints', function () {
  this.timeout(60_000);

  it('says nothing of the AWS SDK when storage is local', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'af-start-'));
    const server = await startServerProcess({ DATA_DIR: dataDir });
    try {
      const res = await fetch(`${server.url}/healthz`);
      expect(res.status).to.equal(200);
      expect(server.output()).to.not.match(/AWS SDK|NodeVersionSupportWarning|@aws-sdk/);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });
});
