import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import { CORE } from '../../src/index.ts';
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

  it('reports a counter that drifted and rebuilds it with --rebuild', async () => {
    await t.container.get(CORE.database).query(`UPDATE image_project_counters SET assets = 99 WHERE project_id = '${P}'`);
    await t.stop({ keepData: true });

    const check = await cli(['counters']);
    expect(check.code, check.output).to.equal(1);
    expect(check.output).to.contain(`${P}: 99 stored, 4 assets`).and.contain('run with --rebuild');

    const rebuilt = await cli(['counters', '--rebuild']);
    expect(rebuilt.code, rebuilt.output).to.equal(0);
    expect(rebuilt.output).to.contain('Project asset counters match the assets.');

    t = await createTestApp({ plugins: ['image-assets'], reuse: { dataDir: t.dataDir, databaseUrl: t.databaseUrl } });
    expect(await total()).to.equal(4);
    await t.stop({ keepData: true });
  });
});
