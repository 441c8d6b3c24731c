import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { ADMIN_AUTH, ADMIN_TOKEN } from '../helpers/create-test-app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts';
import { startServerProcess } from '../helpers/server-process.ts';

describe('graceful shutdown', () => {
  let dataDir: string;
  let database: TestDatabase;
  before(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'af-shutdown-'));
    database = await createTestDatabase(dataDir);
  });
  after(async () => {
    await database.drop();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('finishes in-flight requests on SIGTERM, refuses new ones, then exits 0', async () => {
    const server = await startServerProcess({
      DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      ADMIN_TOKEN,
      PLUGINS: './examples/hello-plugin',
      PLUGIN_CONFIG: path.join(dataDir, 'none.json'),
    });
    const inFlight = fetch(`${server.url}/api/hello?delay_ms=1500`, { headers: { Authorization: ADMIN_AUTH } });
    await new Promise((r) => setTimeout(r, 300));
    server.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));

    const refused = await fetch(`${server.url}/healthz`).then(
      () => 'answered',
      () => 'refused',
    );
    expect(refused).to.equal('refused');

    const response = await inFlight;
    expect(response.status).to.equal(200);
    expect(((await response.json()) as { message: string }).message).to.equal('Hello, admin!');
    expect(await server.exited).to.equal(0);
    const log = server.output();
    expect(log).to.contain('draining in-flight requests');
    expect(log).to.contain('kernel stopped');
    expect(log).to.match(/"phase":"migrate","ms":\d+/);
  });
});
