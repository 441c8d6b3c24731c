import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { ADMIN_TOKEN } from '../helpers/create-test-app.ts';
import { createSequelize } from '../../src/core/db/database.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

describe('embedded search engine: one instance per database', function () {
  this.timeout(90_000);
  let dataDir: string;
  let database: TestDatabase;
  let env: Record<string, string>;
  let first: ServerProcess | undefined;

  before(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'af-search-guard-'));
    database = await createTestDatabase(dataDir);
    env = { DATA_DIR: dataDir, DATABASE_URL: database.url, ADMIN_TOKEN, PLUGIN_CONFIG: path.join(dataDir, 'none.json') };
    first = await startServerProcess(env, 60_000);
  });
  after(async () => {
    if (first && first.child.exitCode === null) {
      first.child.kill('SIGTERM');
      await first.exited;
    }
    await database?.drop();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('refuses a second instance on the same database: exit 1 and a reason naming MEILISEARCH_URL', async () => {
    const outcome = await startServerProcess(env, 60_000).then(
      async (second) => {
        second.child.kill('SIGKILL');
        return 'started';
      },
      (err: Error) => err.message,
    );
    expect(outcome).to.match(/server exited early \(1\)/);
    expect(outcome).to.include('embedded search engine').and.include('set MEILISEARCH_URL on all of them');
    expect(outcome, 'a sentence, not a stack trace').not.to.match(/\n\s+at /);
  });

  it('starts an instance once the first has stopped', async () => {
    first!.child.kill('SIGTERM');
    expect(await first!.exited).to.equal(0);
    first = await startServerProcess(env, 60_000);
    expect((await fetch(`${first.url}/healthz`)).status).to.equal(200);
  });

  const killFirst = async () => {
    first!.child.kill('SIGKILL');
    await first!.exited;
  };

  it('starts again at once on the same host after the instance was killed (kill -9), its claim not yet lapsed', async () => {
    await killFirst();
    first = await startServerProcess(env, 60_000);
    expect((await fetch(`${first.url}/healthz`)).status).to.equal(200);
  });

  it('still refuses while the claim of a killed instance on another host has not lapsed', async () => {
    await killFirst();
    const sequelize = createSequelize(database.url);
    try {
      await sequelize.query("UPDATE job_leases SET holder_host = 'another-host' WHERE name = 'instance:embedded-search'");
    } finally {
      await sequelize.close();
    }
    const outcome = await startServerProcess(env, 60_000).then(
      async (second) => {
        second.child.kill('SIGKILL');
        return 'started';
      },
      (err: Error) => err.message,
    );
    expect(outcome).to.match(/server exited early \(1\)/);
    expect(outcome).to.include('already uses it on this database');
  });
});
