import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { SEARCH } from '../../plugins/search/tokens.ts';
import { ADMIN_AUTH, createTestApp, type TestApp } from '../helpers/create-test-app.ts';
import { CONTRACT_VERSIONS, MeilisearchContractServer } from '../helpers/meilisearch-contract-server.ts';
import { MeiliError } from '../helpers/meilisearch-contract/errors.ts';
import { CONTRACT_MASTER_KEY } from './fixtures/search-targets.ts';
import { TEST_INDEX, testDocsPlugin } from './fixtures/test-docs-plugin.ts';

/** What only the Meilisearch adapter does: talk to a server of some version, with some key, that may fail. */
describe('Meilisearch adapter against the contract server', function () {
  this.timeout(60_000);
  const servers: MeilisearchContractServer[] = [];
  const apps: TestApp[] = [];
  // Each test's apps stop with it: apps alive together share the model classes, and so each other's outbox rows.
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.stop();
    for (const server of servers.splice(0)) await server.close();
  });

  async function server(version: string) {
    const started = await MeilisearchContractServer.start({ version, masterKey: CONTRACT_MASTER_KEY });
    servers.push(started);
    return started;
  }

  async function app(contract: MeilisearchContractServer, options: { key?: string | null; prefix?: string } = {}) {
    const env: Record<string, string> = { MEILISEARCH_URL: contract.url };
    if (options.key !== null) env.MEILISEARCH_API_KEY = options.key ?? CONTRACT_MASTER_KEY;
    const started = await createTestApp({
      plugins: ['search'],
      extraPlugins: [testDocsPlugin({ baseEngine: 'meilisearch', flaky: {} })],
      config: { search: { drainIntervalMs: 0 }, 'search-meilisearch': { indexPrefix: options.prefix ?? `af_${randomBytes(4).toString('hex')}_` } },
      env,
    });
    apps.push(started);
    return started;
  }

  async function refusal(start: Promise<unknown>): Promise<string> {
    try {
      await start;
    } catch (err) {
      return (err as Error).message;
    }
    throw new Error('the app started');
  }

  for (const version of ['1.15.2', '1.19.0', '2.0.0']) {
    it(`refuses to start on Meilisearch ${version}, naming the supported versions`, async () => {
      const message = await refusal(app(await server(version)));
      expect(message).to.include(`version ${version}`).and.include('supports Meilisearch 1.16.0 to 1.18.x');
    });
  }

  it('starts on every patch release of the supported versions', async () => {
    for (const version of ['1.16.0', '1.17.1', '1.18.9']) {
      const t = await app(await server(version));
      await t.request.get('/readyz').expect(200);
      await t.stop();
    }
  });

  it('refuses to start with a wrong API key, or without one, and names the variable', async () => {
    const contract = await server('1.16.0');
    expect(await refusal(app(contract, { key: 'not-the-key' }))).to.match(/MEILISEARCH_API_KEY.*refused the key \(invalid_api_key/);
    expect(await refusal(app(contract, { key: null }))).to.match(/MEILISEARCH_API_KEY.*without a key \(missing_authorization_header/);
  });

  it('fails the readiness check once the key stops working, though GET /health needs none', async () => {
    const contract = await server('1.18.0');
    const t = await app(contract);
    await t.request.get('/readyz').expect(200);
    contract.changeMasterKey('rotated-master-key-0123456789');
    const ready = await t.request.get('/readyz').expect(503);
    expect(ready.body.checks.search.status).to.equal('failing');
  });

  it('takes an index for missing only when Meilisearch answers index_not_found; another failure is reported, not papered over', async () => {
    const contract = await server('1.16.0');
    const prefix = `af_${randomBytes(4).toString('hex')}_`;
    const uid = `${prefix}${TEST_INDEX}`;
    await (await app(contract, { prefix })).stop();
    apps.pop();
    contract.failNext('GET', new RegExp(`^/indexes/${uid}$`), new MeiliError(500, 'internal', 'simulated storage failure', 'internal'));
    const from = contract.requests.length;
    const t = await app(contract, { prefix });
    const afterFault = contract.requests.slice(from);
    expect(afterFault.filter((r) => r.method === 'GET' && r.path === `/indexes/${uid}`)).to.have.length.greaterThan(0);
    // It never tried to create the index it failed to read (Meilisearch would fail that task: index_already_exists).
    expect(afterFault.filter((r) => r.method === 'POST' && r.path === '/indexes')).to.deep.equal([]);
    const found = await t.request.post('/api/test-docs').set('Authorization', ADMIN_AUTH).send({ project_id: 'p1', name: 'Kraken' }).expect(201);
    await t.container.get(SEARCH.outboxWorker).drain();
    const { body } = await t.request.get('/api/test-docs/projects/p1/search').query({ q: 'kraken' }).set('Authorization', ADMIN_AUTH).expect(200);
    expect(body).to.deep.include({ degraded: false, total: 1 });
    expect(body.hits[0].id).to.equal(found.body.id);
  });

  for (const version of CONTRACT_VERSIONS) {
    it(`rebuilds on ${version} with a plain swap, and leaves only the live index`, async () => {
      const contract = await server(version);
      const prefix = `af_${randomBytes(4).toString('hex')}_`;
      const t = await app(contract, { prefix });
      await t.request.post('/api/test-docs/bulk').set('Authorization', ADMIN_AUTH).send({ project_id: 'p1', names: ['Hydra one', 'Hydra two'] }).expect(201);
      const [built] = await t.container.get(SEARCH.service).rebuild({ indexName: TEST_INDEX });
      expect(built.documents).to.equal(2);
      const swaps = contract.requests.filter((r) => r.path === '/swap-indexes');
      expect(swaps).to.have.length(1);
      expect(Object.keys((swaps[0].body as object[])[0])).to.deep.equal(['indexes']);
      await contract.tasks.idle();
      expect([...contract.indexes.keys()].filter((uid) => uid.startsWith(prefix))).to.deep.equal([`${prefix}${TEST_INDEX}`]);
      const live = contract.indexes.get(`${prefix}${TEST_INDEX}`)!;
      expect(live.documents.size).to.equal(2);
      expect(live.settings.maxTotalHits).to.equal(100_200);
    });
  }
});
