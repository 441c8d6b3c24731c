import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import request from 'supertest';
import { ADMIN_AUTH, ADMIN_TOKEN } from '../helpers/create-test-app.ts';
import { writeNotesPlugin } from '../helpers/notes-plugin.ts';
import { BUILT_SERVER, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts';
import { pngWithText } from '../uploads/image-fixtures.ts';

const A1111 = 'a lighthouse at dawn\nNegative prompt: fog\nSteps: 24, Sampler: Euler a, CFG scale: 5, Seed: 77, Size: 64x64, Model: dreamshaper_8';

/** What `npm start` runs: the JavaScript scripts/build.mjs compiled; any import of tsx would fail (forbid-tsx.mjs). */
describe('the built server (npm start)', function () {
  this.timeout(120_000);
  let dataDir: string;
  let database: TestDatabase;
  let server: ServerProcess;

  before(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'af-built-'));
    database = await createTestDatabase(dataDir);
    await promisify(execFile)(process.execPath, ['scripts/build.mjs']);
    const notes = path.join(dataDir, 'notes-plugin');
    await writeNotesPlugin(notes);
    server = await startServerProcess(
      { DATA_DIR: dataDir, DATABASE_URL: database.url, ADMIN_TOKEN, PLUGINS: notes, PLUGIN_CONFIG: path.join(dataDir, 'none.json') },
      60_000,
      ['--import', './test/helpers/forbid-tsx.mjs', ...BUILT_SERVER],
    );
  });

  after(async () => {
    server?.child.kill('SIGTERM');
    await server?.exited;
    await database.drop();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('migrates a new database and serves the API', async () => {
    const api = request(server.url);
    const asset = await api.post('/api/v1/projects/built/assets').set('Authorization', ADMIN_AUTH).send({ name: 'Lighthouse' }).expect(201);
    const list = await api.get('/api/v1/projects/built/assets').set('Authorization', ADMIN_AUTH).expect(200);
    expect(list.body.assets.map((a: { id: string }) => a.id)).to.deep.equal([asset.body.id]);
    expect((await api.get('/openapi.json').expect(200)).body.openapi).to.match(/^3\./);
  });

  it('reads embedded parameters on its worker thread', async () => {
    const api = request(server.url);
    const asset = await api.post('/api/v1/projects/built/assets').set('Authorization', ADMIN_AUTH).send({ name: 'With parameters' }).expect(201);
    const generation = await api.post(`/api/v1/assets/${asset.body.id}/generations`).set('Authorization', ADMIN_AUTH).send({ parameters: {} }).expect(201);
    await api
      .post(`/api/v1/generations/${generation.body.id}/upload`)
      .set('Authorization', ADMIN_AUTH)
      .attach('file', await pngWithText({ parameters: A1111 }, '#203040'), 'lighthouse.png')
      .expect(201);
    const read = await api.get(`/api/v1/generations/${generation.body.id}`).set('Authorization', ADMIN_AUTH).expect(200);
    expect(read.body.metadata.embedded).to.include({ source: 'automatic1111', prompt: 'a lighthouse at dawn', steps: 24, seed: 77, model: 'dreamshaper_8' });
  });

  it('loads a TypeScript plugin from outside the repository, with its migration', async () => {
    const api = request(server.url);
    const created = await api.post('/api/notes').set('Authorization', ADMIN_AUTH).send({ text: 'built' });
    expect(created.status, created.text).to.equal(201);
    expect(created.body.text).to.equal('note: built');
  });
});
