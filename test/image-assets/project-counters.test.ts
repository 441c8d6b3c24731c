import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import { CORE } from '../../src/index.ts';
import { TAGS } from '../../plugins/tags/tokens.ts';
import { ADMIN_AUTH, ADMIN_TOKEN, createTestApp, type TestApp } from '../helpers/create-test-app.ts';
import { adoptTestDatabase } from '../helpers/test-database.ts';

const P = 'counted';

/** List totals come from a per-project counter kept with every write; `npm run cli -- counters` checks and rebuilds it. */
describe('image assets: project asset counters', function () {
  this.timeout(120_000);
  let t: TestApp;
  const total = async (project = P) =>
    (await t.request.get(`/api/v1/projects/${project}/assets?limit=1`).set('Authorization', ADMIN_AUTH).expect(200)).body.total as number;

  before(async () => {
    t = await createTestApp({ plugins: ['image-assets'] });
  });
  const api = () => t.request;
  const auth = { Authorization: ADMIN_AUTH };
  const tagCounts = async (project = P) =>
    (await t.request.get(`/api/v1/projects/${project}/tags`).set(auth).expect(200)).body.tags as Array<{ name: string; count: number }>;
  const tagId = async (name: string) =>
    ((await t.request.get('/api/tags?limit=100').set(auth).expect(200)).body.items as Array<{ id: string; name: string }>).find((x) => x.name === name)!.id;
  after(async () => {
    if (!t) return;
    await adoptTestDatabase(t.databaseUrl).drop();
    await fs.rm(t.dataDir, { recursive: true, force: true });
  });

  function cli(args: string[]): Promise<{ code: number | null; output: string }> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        DATA_DIR: t.dataDir,
        DATABASE_URL: t.databaseUrl,
        ADMIN_TOKEN,
        PLUGIN_CONFIG: path.join(t.dataDir, 'no-plugin-config.json'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += String(d)));
    child.stderr.on('data', (d) => (output += String(d)));
    return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output })));
  }

  it('keeps the total right through creates, bulk creates and deletes, per project', async () => {
    expect(await total()).to.equal(0);
    const one = await t.request.post(`/api/v1/projects/${P}/assets`).set('Authorization', ADMIN_AUTH).send({ name: 'one' }).expect(201);
    await t.request.post(`/api/v1/projects/${P}/assets`).set('Authorization', ADMIN_AUTH).send({ name: 'two' }).expect(201);
    const bulk = await t.request
      .post(`/api/v1/projects/${P}/assets/bulk`)
      .set('Authorization', ADMIN_AUTH)
      .send({ assets: [{ name: 'a' }, { name: 'b' }, { name: '' }, { name: 'c', tags: ['x'] }] })
      .expect(200);
    expect(bulk.body.created).to.have.length(3);
    await t.request.post('/api/v1/projects/elsewhere/assets').set('Authorization', ADMIN_AUTH).send({ name: 'other' }).expect(201);
    await t.request.delete(`/api/v1/assets/${one.body.id}`).set('Authorization', ADMIN_AUTH).expect(204);
    expect(await total()).to.equal(4);
    expect(await total('elsewhere')).to.equal(1);
    // Filters still count the matching rows themselves.
    expect((await t.request.get(`/api/v1/projects/${P}/assets?search=two`).set('Authorization', ADMIN_AUTH).expect(200)).body.total).to.equal(1);
  });

  it('keeps per-tag counts right through tag edits, bulk tag changes, deletes, merges and tag deletion', async () => {
    const make = async (project: string, name: string, tags: string[]) =>
      (await api().post(`/api/v1/projects/${project}/assets`).set(auth).send({ name, tags }).expect(201)).body.id as string;
    const a = await make('tagged', 'a', ['x', 'y']);
    const b = await make('tagged', 'b', ['y']);
    const c = await make('tagged', 'c', ['z']);
    await make('tagged-other', 'q', ['y']);
    await api().put(`/api/v1/assets/${a}`).set(auth).send({ tags: ['y', 'w'] }).expect(200);
    await api().put('/api/v1/assets/bulk/tags').set(auth).send({ asset_ids: [b, c], operation: 'add', tags: ['v'] }).expect(200);
    await api().put('/api/v1/assets/bulk/tags').set(auth).send({ asset_ids: [b], operation: 'remove', tags: ['y'] }).expect(200);
    expect(await tagCounts('tagged')).to.deep.equal([
      { name: 'v', count: 2 },
      { name: 'w', count: 1 },
      { name: 'y', count: 1 },
      { name: 'z', count: 1 },
    ]);
    await api().delete(`/api/v1/assets/${c}`).set(auth).expect(204);
    // Merged in the dashboard: a's w becomes v.
    await t.container.get(TAGS.service).merge(await tagId('w'), await tagId('v'));
    await api().delete(`/api/tags/${await tagId('y')}`).set(auth).expect(204);
    expect(await tagCounts('tagged')).to.deep.equal([{ name: 'v', count: 2 }]);
    expect(await tagCounts('tagged-other')).to.deep.equal([]);
    expect((await api().get('/api/v1/projects/tagged/assets?tags=v').set(auth).expect(200)).body.total).to.equal(2);
    expect((await api().get('/api/v1/projects/tagged/assets?tags=v,x').set(auth).expect(200)).body.total).to.equal(0);
  });

  it('reports a counter that drifted and rebuilds it with --rebuild', async () => {
    const rolled = (await api().post('/api/v1/projects/rolled/assets').set(auth).send({ name: 'r' }).expect(201)).body.id as string;
    for (let i = 0; i < 2; i++) await api().post(`/api/v1/assets/${rolled}/generations`).set(auth).send({ parameters: { model: 'm' } }).expect(201);
    await t.container.get(CORE.database).query("UPDATE image_generation_rollups SET generations = 9 WHERE project_id = 'rolled' AND dimension = 'model'");
    await t.container.get(CORE.database).query("UPDATE image_project_counters SET bytes = 5 WHERE project_id = 'rolled'");
    await t.container.get(CORE.database).query(`UPDATE image_project_counters SET assets = 99 WHERE project_id = '${P}'`);
    const v = await tagId('v');
    await t.container.get(CORE.database).query(`UPDATE image_project_tag_counts SET assets = 5 WHERE project_id = 'tagged' AND tag_id = '${v}'`);
    await t.stop({ keepData: true });

    const check = await cli(['counters']);
    expect(check.code, check.output).to.equal(1);
    // Every other count, kept by the writes of the tests above, matches.
    expect(check.output.trim().split('\n')).to.deep.equal([
      `${P}: 99 stored, 4 assets`,
      `tagged tag ${v}: 5 stored, 2 assets`,
      'rolled bytes: 5 stored, 0 counted',
      'rolled generations:model:m: 9 stored, 2 counted',
      '4 project counters differ; run with --rebuild to fix them.',
    ]);

    const rebuilt = await cli(['counters', '--rebuild']);
    expect(rebuilt.code, rebuilt.output).to.equal(0);
    expect(rebuilt.output).to.contain('Project counters and stats rollups match the records.');

    t = await createTestApp({ plugins: ['image-assets'], reuse: { dataDir: t.dataDir, databaseUrl: t.databaseUrl } });
    expect(await total()).to.equal(4);
    expect(await tagCounts('tagged')).to.deep.equal([{ name: 'v', count: 2 }]);
    await t.stop({ keepData: true });
  });
});
