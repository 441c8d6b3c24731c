import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { CORE } from '../../src/core/tokens.ts';
import { ADMIN_AUTH, createTestApp, type TestApp } from '../helpers/create-test-app.ts';
import { writeNotesPlugin } from '../helpers/notes-plugin.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** What a user of the notes plugin sees: its routes, its table, its typed errors and its cron job. */
async function expectNotesPluginWorks(t: TestApp): Promise<void> {
  const created = await t.request.post('/api/notes').set('Authorization', ADMIN_AUTH).send({ text: 'hi' });
  expect(created.status, created.text).to.equal(201);
  expect(created.body.text).to.equal('note: hi');
  const read = await t.request.get(`/api/notes/${created.body.id}`).set('Authorization', ADMIN_AUTH);
  expect(read.status).to.equal(200);
  expect(read.body).to.deep.equal(created.body);

  const missing = await t.request.get('/api/notes/999999').set('Authorization', ADMIN_AUTH);
  expect(missing.status).to.equal(404);
  expect(missing.type).to.equal('application/problem+json');
  expect(missing.body).to.include({ type: '/problems/not-found', detail: 'Note 999999 not found.' });

  const scheduler = t.container.get(CORE.scheduler);
  expect(scheduler.list().map((j) => [j.name, j.schedule])).to.deep.include(['notes.sweep', '0 3 * * *']);
  expect(await scheduler.runNow('notes.sweep')).to.equal(true);
  const sweeps = await t.request.get('/api/notes-sweeps').set('Authorization', ADMIN_AUTH);
  expect(sweeps.body).to.deep.equal({ sweeps: 1 });
}

describe('plugins outside the repository', () => {
  let tmp: string;
  const cwd = process.cwd();

  before(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'af-ext-plugins-'));
  });

  afterEach(() => process.chdir(cwd));

  after(async () => {
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it('loads a plugin folder outside the repository by its path, with decorators, model, migration and cron job', async () => {
    const dir = path.join(tmp, 'notes-by-path');
    await writeNotesPlugin(dir);
    const t = await createTestApp({ plugins: [], env: { PLUGINS: dir } });
    try {
      await expectNotesPluginWorks(t);
    } finally {
      await t.stop();
    }
  });

  it('loads a plugin by its npm package name, found from the working directory', async () => {
    const project = path.join(tmp, 'project');
    await writeNotesPlugin(path.join(project, 'node_modules', 'af-notes-plugin'), 'af-notes-plugin');
    process.chdir(project);
    const t = await createTestApp({ plugins: [], env: { PLUGINS: 'af-notes-plugin' } });
    process.chdir(cwd);
    try {
      await expectNotesPluginWorks(t);
    } finally {
      await t.stop();
    }
  });

  it('loads a plugin inside the repository but outside the folders tsconfig.json includes', async () => {
    const dir = await fs.mkdtemp(path.join(REPO_ROOT, '.tmp-plugin-'));
    try {
      await writeNotesPlugin(dir);
      const t = await createTestApp({ plugins: [], env: { PLUGINS: `./${path.relative(cwd, dir)}` } });
      try {
        await expectNotesPluginWorks(t);
      } finally {
        await t.stop();
      }
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses at boot a package name not installed where the working directory can see it, naming that directory', async () => {
    process.chdir(tmp);
    let message = 'booted';
    try {
      await (await createTestApp({ plugins: [], env: { PLUGINS: 'af-no-such-plugin' } })).stop();
    } catch (err) {
      message = (err as Error).message;
    }
    process.chdir(cwd);
    expect(message).to.contain('PLUGINS entry "af-no-such-plugin": could not load the plugin');
    expect(message).to.contain(`imported from ${await fs.realpath(tmp)}`);
  });
});
