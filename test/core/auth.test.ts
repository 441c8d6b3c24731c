import { CORE } from '../../src/index.ts';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { ADMIN_AUTH, createTestApp, type TestApp } from '../helpers/create-test-app.ts';
import { helloPlugin } from '../helpers/plugins.ts';

const run = promisify(execFile);

/** Runs `npm run cli -- ...` the way a user would, against the test app's database. */
async function cli(t: TestApp, ...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    env: { ...process.env, DATABASE_URL: t.databaseUrl, DATA_DIR: t.dataDir, LOG_LEVEL: 'silent', PLUGIN_CONFIG: `${t.dataDir}/none.json` },
  });
  return stdout;
}

describe('authentication and authorization', function () {
  // Several tests start the CLI as its own process: seconds apiece on a busy machine.
  this.timeout(120_000);
  let t: TestApp;
  let scopedToken: string;
  let keyId: string;
  before(async () => {
    t = await createTestApp({ plugins: [], extraPlugins: [await helloPlugin()] });
    const out = await cli(t, 'apikey', 'create', '--name', 'ci', '--project', 'p1', '--write');
    scopedToken = out.trim().split('\n').pop() as string;
    keyId = /Created API key ([0-9a-f-]{36})/.exec(out)?.[1] as string;
  });
  after(() => t.stop());

  it('creates a key from the CLI and prints its token once', () => {
    expect(scopedToken).to.match(/^af_[A-Za-z0-9_-]{43}$/);
    expect(keyId).to.match(/^[0-9a-f-]{36}$/);
  });

  it('lists the plugins’ commands in --help, with their options, without touching the database', async () => {
    const help = await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', '--help'], { env: { ...process.env, DATABASE_URL: 'mysql://nobody@127.0.0.1:1/none' } });
    for (const command of ['cleanup', 'reindex', 'thumbnails', 'admin-password', 'migrate', 'seed', 'apikey']) expect(help.stdout).to.match(new RegExp(`\\n  ${command}\\b`));
    expect(help.stdout).to.contain('[storage]');
    const cleanup = await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'cleanup', '--help'], { env: { ...process.env, DATABASE_URL: 'mysql://nobody@127.0.0.1:1/none' } });
    expect(cleanup.stdout).to.contain('--dry-run');
  });

  it('lists keys without their tokens', async () => {
    const out = await cli(t, 'apikey', 'list');
    expect(out).to.contain(keyId);
    expect(out).to.contain('projects=p1  media-library=no');
    expect(out).to.not.contain(scopedToken);
  });

  it('grants a project-limited key the media library only with --media-library', async () => {
    const granted = await cli(t, 'apikey', 'create', '--name', 'media', '--project', 'p1', '--media-library');
    expect(granted).to.contain('media library: yes');
    const denied = await cli(t, 'apikey', 'create', '--name', 'no-media', '--no-media-library');
    expect(denied).to.contain('projects: all, media library: no');
    const list = await cli(t, 'apikey', 'list');
    expect(list).to.match(/ media {2}ro {2}projects=p1 {2}media-library=yes/);
    expect(list).to.match(/no-media {2}ro {2}projects=\* {2}media-library=no/);
  });

  it('accepts ADMIN_TOKEN with full rights', async () => {
    await t.request.get('/api/hello/projects/anything').set('Authorization', ADMIN_AUTH).expect(200);
    await t.request.post('/api/hello/greetings').set('Authorization', ADMIN_AUTH).send({ name: 'root' }).expect(201);
  });

  it('lets a scoped key see its project and answers 404 for any other', async () => {
    const mine = await t.request.get('/api/hello/projects/p1').set('Authorization', `Bearer ${scopedToken}`).expect(200);
    expect(mine.body.message).to.contain('p1');
    const other = await t.request.get('/api/hello/projects/p2').set('Authorization', `Bearer ${scopedToken}`).expect(404);
    expect(other.body.detail).to.equal('Project p2 not found.');
  });

  it('refuses writes with a read-only key (403)', async () => {
    const out = await cli(t, 'apikey', 'create', '--name', 'reader');
    const readOnly = out.trim().split('\n').pop() as string;
    await t.request.get('/api/hello').set('Authorization', `Bearer ${readOnly}`).expect(200);
    const res = await t.request.post('/api/hello/greetings').set('Authorization', `Bearer ${readOnly}`).send({ name: 'x' }).expect(403);
    expect(res.headers['content-type']).to.match(/problem\+json/);
  });

  it('refuses a revoked key at once (401)', async () => {
    await t.request.get('/api/hello').set('Authorization', `Bearer ${scopedToken}`).expect(200);
    const out = await cli(t, 'apikey', 'revoke', keyId);
    expect(out).to.contain(`Revoked ${keyId}`);
    await t.request.get('/api/hello').set('Authorization', `Bearer ${scopedToken}`).expect(401);
  });

  it('limits refused tokens per client address, without counting good ones', async () => {
    const guarded = await createTestApp({ plugins: [], extraPlugins: [await helloPlugin()], env: { AUTH_FAILURES_PER_MINUTE: '3' } });
    try {
      const { token } = await guarded.container.get(CORE.apiKeys).create({ name: 'good' });
      for (let i = 0; i < 5; i += 1) await guarded.request.get('/api/hello').set('Authorization', `Bearer ${token}`).expect(200);
      for (let i = 0; i < 3; i += 1) await guarded.request.get('/api/hello').set('Authorization', `Bearer af_wrong${i}`).expect(401);
      const refused = await guarded.request.get('/api/hello').set('Authorization', 'Bearer af_wrong-again').expect(429);
      expect(refused.headers['content-type']).to.match(/problem\+json/);
      expect(Number(refused.headers['retry-after'])).to.be.within(1, 60);
      // The admin token needs no lookup and still works; keys from this address wait out the minute.
      await guarded.request.get('/api/hello').set('Authorization', ADMIN_AUTH).expect(200);
      await guarded.request.get('/api/hello').set('Authorization', `Bearer ${token}`).expect(429);
    } finally {
      await guarded.stop();
    }
  });

  it('rate-limits per token when configured', async () => {
    const limited = await createTestApp({ plugins: [], extraPlugins: [await helloPlugin()], env: { RATE_LIMIT_PER_MINUTE: '3' } });
    try {
      for (let i = 0; i < 3; i += 1) await limited.request.get('/api/hello').set('Authorization', ADMIN_AUTH).expect(200);
      const res = await limited.request.get('/api/hello').set('Authorization', ADMIN_AUTH).expect(429);
      expect(res.headers['retry-after']).to.equal('60');
      expect(res.headers['content-type']).to.match(/problem\+json/);
    } finally {
      await limited.stop();
    }
  });
});
