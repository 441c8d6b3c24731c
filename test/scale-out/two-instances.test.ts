import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { QueryTypes, Sequelize } from 'sequelize';
import { ADMIN_AUTH, ADMIN_TOKEN } from '../helpers/create-test-app.ts';
import { createTestDatabase, usingMysql, type TestDatabase } from '../helpers/test-database.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

/** Polls `probe` until it answers true; a condition that never comes fails the test with `what`. */
async function eventually(what: string, probe: () => Promise<boolean>, limitMs = 30_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Two server processes on one MariaDB database. They use a shared search engine (the fixture
 * plugin's, standing in for Meilisearch), because the embedded engine refuses a second instance.
 * Instance A's engine takes outbox rows and never finishes delivering them, like a process that
 * dies mid-delivery; B's delivers once the test opens its switch.
 */
describe('several instances on one database', function () {
  this.timeout(120_000);
  let dataDir: string;
  let database: TestDatabase;
  let db: Sequelize;
  let a: ServerProcess;
  let b: ServerProcess;
  const created: string[] = [];

  const count = async (sql: string, replacements: unknown[] = []) =>
    Number((await db.query<{ n: number }>(sql, { replacements, type: QueryTypes.SELECT }))[0].n);
  const api = (server: ServerProcess, pathname: string, init: RequestInit = {}) =>
    fetch(`${server.url}${pathname}`, { ...init, headers: { Authorization: ADMIN_AUTH, 'Content-Type': 'application/json', ...init.headers } });

  before(async function () {
    if (!usingMysql()) {
      console.log('      skipped: several instances need a shared MySQL/MariaDB database (set TEST_DATABASE_URL)');
      this.skip();
    }
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'af-scale-out-'));
    database = await createTestDatabase(dataDir);
    const pluginConfig = path.join(dataDir, 'plugins.json');
    await fs.writeFile(pluginConfig, JSON.stringify({ search: { engine: 'shared-table', drainIntervalMs: 100, retryBaseMs: 100, retryMaxMs: 300 } }));
    const env = {
      DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      ADMIN_TOKEN,
      PLUGINS: './test/scale-out/fixtures/scale-out-plugin',
      PLUGIN_CONFIG: pluginConfig,
      RATE_LIMIT_PER_MINUTE: '5000',
    };
    // A's stuck delivery holds a transaction open: never leave it running, even if mocha exits early.
    process.once('exit', () => [a, b].forEach((server) => server?.child.kill('SIGKILL')));
    // A first, alone, so the migrations run once; then B.
    a = await startServerProcess({ ...env, SCALE_OUT_ROLE: 'stall' }, 60_000);
    b = await startServerProcess({ ...env, SCALE_OUT_ROLE: 'deliver' }, 60_000);
    db = new Sequelize(database.url.replace(/^mariadb:/, 'mysql:'), { logging: false });
  });

  after(async () => {
    for (const server of [a, b]) {
      if (server && server.child.exitCode === null && server.child.signalCode === null) {
        // A's delivery never finishes, so a graceful stop would wait for it.
        server.child.kill('SIGKILL');
        await server.exited;
      }
    }
    await db?.close();
    await database?.drop();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('shows writes made through either instance through both', async () => {
    for (const [writer, name] of [
      [a, 'written through A'],
      [b, 'written through B'],
    ] as const) {
      const res = await api(writer, '/api/v1/projects/scale-out/assets', { method: 'POST', body: JSON.stringify({ name, tags: ['shared'] }) });
      expect(res.status).to.equal(201);
      created.push(((await res.json()) as { id: string }).id);
    }
    for (const reader of [a, b]) {
      for (const id of created) expect((await api(reader, `/api/v1/assets/${id}`)).status).to.equal(200);
      const list = (await (await api(reader, '/api/v1/projects/scale-out/assets?tags=shared')).json()) as { assets: Array<{ name: string }> };
      expect(list.assets.map((x) => x.name).sort()).to.deep.equal(['written through A', 'written through B']);
    }
  });

  it('keeps each instance’s project tag list current with tag changes and renames made through the other', async () => {
    const tagList = async (server: ServerProcess) =>
      ((await (await api(server, '/api/v1/projects/tag-lists/tags')).json()) as { tags: Array<{ name: string; count: number }> }).tags;
    expect(await tagList(a)).to.deep.equal([]);
    expect((await api(b, '/api/v1/projects/tag-lists/assets', { method: 'POST', body: JSON.stringify({ name: 'one', tags: ['kept', 'renamed-later'] }) })).status).to.equal(201);
    expect(await tagList(a)).to.deep.equal([
      { name: 'kept', count: 1 },
      { name: 'renamed-later', count: 1 },
    ]);
    const tags = (await (await api(b, '/api/tags?search=renamed-later')).json()) as { items: Array<{ id: string; name: string }> };
    const id = tags.items.find((tag) => tag.name === 'renamed-later')!.id;
    expect((await api(b, `/api/tags/${id}`, { method: 'PUT', body: JSON.stringify({ name: 'after-rename' }) })).status).to.equal(200);
    expect(await tagList(a)).to.deep.equal([
      { name: 'after-rename', count: 1 },
      { name: 'kept', count: 1 },
    ]);
  });

  it('keeps each instance’s asset lists and asset reads current with writes made through the other', async () => {
    const list = async (server: ServerProcess, query = '') =>
      ((await (await api(server, `/api/v1/projects/list-pages/assets${query}`)).json()) as { total: number; assets: Array<{ name: string; total_generations: number; tags: string[] }> });
    const made = await api(b, '/api/v1/projects/list-pages/assets', { method: 'POST', body: JSON.stringify({ name: 'first name', tags: ['old'] }) });
    const id = ((await made.json()) as { id: string }).id;
    for (const query of ['', '?search=name', '?tags=old']) expect((await list(a, query)).total).to.equal(1);

    expect((await api(b, `/api/v1/assets/${id}`, { method: 'PUT', body: JSON.stringify({ name: 'second name', tags: ['new'] }) })).status).to.equal(200);
    expect((await list(a)).assets.map((x) => [x.name, x.tags])).to.deep.equal([['second name', ['new']]]);
    expect((await list(a, '?search=first')).total).to.equal(0);
    expect((await list(a, '?tags=old')).total).to.equal(0);

    const asset = async (server: ServerProcess) =>
      (await (await api(server, `/api/v1/assets/${id}`)).json()) as { name: string; generations: Array<{ id: string; status: string }> };
    expect((await asset(a)).generations).to.deep.equal([]);
    const generation = await api(b, `/api/v1/assets/${id}/generations`, { method: 'POST', body: JSON.stringify({ parameters: { seed: 1 } }) });
    expect(generation.status).to.equal(201);
    const generationId = ((await generation.json()) as { id: string }).id;
    expect((await list(a)).assets[0].total_generations).to.equal(1);
    expect((await asset(a)).generations.map((g) => g.status)).to.deep.equal(['pending']);
    expect((await api(b, `/api/v1/generations/${generationId}`, { method: 'PUT', body: JSON.stringify({ status: 'completed' }) })).status).to.equal(200);
    expect((await asset(a)).generations.map((g) => g.status)).to.deep.equal(['completed']);
    expect((await api(b, `/api/v1/assets/${id}?force=true`, { method: 'DELETE' })).status).to.equal(204);
    expect(await list(a)).to.include({ total: 0 });
    expect((await api(a, `/api/v1/assets/${id}`)).status).to.equal(404);
  });

  it('counts rate limits across instances', async () => {
    const remaining = async (server: ServerProcess) => {
      const header = (await api(server, '/api/v1/projects/scale-out/tags')).headers.get('ratelimit') ?? '';
      return Number(/r=(\d+)/.exec(header)?.[1]);
    };
    const first = await remaining(a);
    const second = await remaining(b);
    const third = await remaining(a);
    expect(first).to.be.a('number').and.not.NaN;
    expect([second, third]).to.deep.equal([first - 1, first - 2]);
  });

  it('runs a scheduled job once per tick across both instances', async () => {
    await eventually('six ticks recorded', async () => (await count('SELECT COUNT(DISTINCT second) AS n FROM scale_out_ticks')) >= 6);
    expect(await count('SELECT COUNT(*) AS n FROM (SELECT second FROM scale_out_ticks GROUP BY second HAVING COUNT(*) > 1) d')).to.equal(0);
  });

  it('loses no outbox row when an instance is killed while delivering', async () => {
    for (let i = 0; i < 10; i++) {
      const res = await api(i % 2 ? b : a, '/api/v1/projects/scale-out/assets', { method: 'POST', body: JSON.stringify({ name: `asset ${i}` }) });
      expect(res.status).to.equal(201);
      created.push(((await res.json()) as { id: string }).id);
    }
    // A has claimed a batch (its rows stay locked in its transaction) and is stuck delivering it.
    await eventually('A holding outbox rows', async () => (await count('SELECT COUNT(*) AS n FROM scale_out_stalled')) > 0);
    expect(await count('SELECT COUNT(*) AS n FROM search_outbox')).to.be.greaterThan(0);

    a.child.kill('SIGKILL');
    await a.exited;
    const killedAt = Math.floor(Date.now() / 1000);
    await db.query("INSERT INTO scale_out_switch (name, open) VALUES ('deliveries', TRUE)");

    await eventually('the outbox drained by B', async () => (await count('SELECT COUNT(*) AS n FROM search_outbox')) === 0);
    const delivered = await db.query<{ doc_id: string; delivered_by: string }>('SELECT doc_id, delivered_by FROM scale_out_engine_docs', { type: QueryTypes.SELECT });
    expect(delivered.map((d) => d.doc_id)).to.include.members(created);
    expect(new Set(delivered.map((d) => d.delivered_by))).to.deep.equal(new Set([String(b.child.pid)]));
    const stalled = await db.query<{ doc_id: string }>('SELECT doc_id FROM scale_out_stalled', { type: QueryTypes.SELECT });
    expect(delivered.map((d) => d.doc_id)).to.include.members(stalled.map((s) => s.doc_id));

    // The survivor keeps running the job: a lease the dead instance held has lapsed.
    await eventually('B running ticks after the kill', async () => (await count('SELECT COUNT(*) AS n FROM scale_out_ticks WHERE holder = ? AND second > ?', [String(b.child.pid), killedAt])) >= 2);
  });
});
