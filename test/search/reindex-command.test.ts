import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import { ADMIN_AUTH, ADMIN_TOKEN, createTestApp } from '../helpers/create-test-app.ts';
import { MeilisearchContractServer } from '../helpers/meilisearch-contract-server.ts';
import { adoptTestDatabase } from '../helpers/test-database.ts';
import { CONTRACT_MASTER_KEY } from './fixtures/search-targets.ts';

/** `npm run cli -- reindex` as an operator runs it, as its own process, against the Meilisearch version docker-compose runs. */
describe('npm run cli -- reindex on Meilisearch 1.16 (contract server)', function () {
  this.timeout(120_000);
  let contract: MeilisearchContractServer;
  let databaseUrl: string;
  let dataDir: string;

  before(async () => {
    contract = await MeilisearchContractServer.start({ version: '1.16.0', masterKey: CONTRACT_MASTER_KEY });
    const t = await createTestApp({
      plugins: ['search', 'image-assets'],
      config: { search: { drainIntervalMs: 0 } },
      env: { MEILISEARCH_URL: contract.url, MEILISEARCH_API_KEY: CONTRACT_MASTER_KEY },
    });
    for (const name of ['Ogre', 'Troll', 'Imp']) {
      await t.request.post('/api/v1/projects/p1/assets').set('Authorization', ADMIN_AUTH).send({ name }).expect(201);
    }
    // Nothing drained: only the rebuild brings the assets to Meilisearch.
    ({ databaseUrl, dataDir } = t);
    await t.stop({ keepData: true });
  });

  after(async () => {
    await adoptTestDatabase(databaseUrl).drop();
    await fs.rm(dataDir, { recursive: true, force: true });
    await contract.close();
  });

  function cli(args: string[], key: string): Promise<{ code: number | null; output: string }> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        DATA_DIR: dataDir,
        DATABASE_URL: databaseUrl,
        ADMIN_TOKEN,
        PLUGIN_CONFIG: path.join(dataDir, 'no-plugin-config.json'),
        MEILISEARCH_URL: contract.url,
        MEILISEARCH_API_KEY: key,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += String(d)));
    child.stderr.on('data', (d) => (output += String(d)));
    return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output })));
  }

  it('rebuilds every index with a swap 1.16 accepts, and leaves only the live indexes', async () => {
    const { code, output } = await cli(['reindex'], CONTRACT_MASTER_KEY);
    expect(code, output).to.equal(0);
    expect(output).to.match(/Rebuilt image-assets: 3 documents in \d+ ms \(meilisearch\)/);
    await contract.tasks.idle();
    expect(contract.indexes.get('image-assets')?.documents.size).to.equal(3);
    expect([...contract.indexes.keys()].filter((uid) => uid.includes('_rebuild_'))).to.deep.equal([]);
  });

  it('stops with the reason when the key is wrong', async () => {
    const { code, output } = await cli(['reindex'], 'not-the-key');
    expect(code).to.equal(1);
    expect(output).to.include('MEILISEARCH_API_KEY').and.include('invalid_api_key');
  });
});
