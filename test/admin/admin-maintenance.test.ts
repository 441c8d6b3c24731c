import { spawn } from 'node:child_process';
import { expect } from 'chai';
import supertest from 'supertest';
import { createTestApp, type TestApp } from '../helpers/create-test-app.ts';
import { runSeeders } from '../../src/core/db/seeders.ts';
import { ADMIN_ENV, signedInAgent } from './admin-session.ts';

describe('admin: maintenance page', function () {
  this.timeout(120_000);
  let t: TestApp;
  let admin: supertest.Agent;
  const fileCount = async () => Number(((await t.kernel.sequelize.query('SELECT COUNT(*) AS n FROM files', { plain: true })) as { n: number }).n);

  before(async () => {
    t = await createTestApp({ env: ADMIN_ENV });
    await runSeeders(t.container, () => undefined);
    admin = await signedInAgent(t.app);
  });
  after(async () => t?.stop());

  it('lists the operations of the loaded plugins', async () => {
    const res = await admin.get('/admin/api/pages/maintenance');
    expect(res.body.operations.map((o: { key: string }) => o.key)).to.have.members(['reindex', 'cleanup-dry-run', 'cleanup', 'regenerate-thumbnails']);
    expect(res.body.operations.find((o: { key: string }) => o.key === 'cleanup').after).to.equal('cleanup-dry-run');
  });

  it('reindexes search', async () => {
    const res = await admin.post('/admin/api/pages/maintenance').send({ operation: 'reindex' });
    expect(res.body.notice.type).to.equal('success');
    expect(res.body.data.map((b: { indexName: string }) => b.indexName)).to.include('image-assets');
  });

  it('runs a cleanup dry run that reports and deletes nothing', async () => {
    const before = await fileCount();
    const res = await admin.post('/admin/api/pages/maintenance').send({ operation: 'cleanup-dry-run' });
    expect(res.body.notice.type).to.equal('success');
    expect(res.body.data.dryRun).to.equal(true);
    expect(await fileCount()).to.equal(before);
  });

  it('regenerates thumbnails', async () => {
    const res = await admin.post('/admin/api/pages/maintenance').send({ operation: 'regenerate-thumbnails' });
    expect(res.body.notice.type).to.equal('success');
    expect(res.body.data.assets).to.equal(3);
  });

  it('refuses an unknown operation, and anyone without a session', async () => {
    const res = await admin.post('/admin/api/pages/maintenance').send({ operation: 'rm-rf' });
    expect(res.body.notice.type).to.equal('error');
    expect((await supertest(t.app).post('/admin/api/pages/maintenance').send({ operation: 'reindex' })).status).to.equal(401);
  });
});

describe('admin: without ADMIN_EMAIL/ADMIN_PASSWORD and no account', function () {
  this.timeout(60_000);
  it('keeps the dashboard off: /admin answers 404', async () => {
    const t = await createTestApp({ plugins: ['admin'] });
    try {
      expect((await supertest(t.app).get('/admin')).status).to.equal(404);
      expect((await supertest(t.app).get('/admin/login')).status).to.equal(404);
    } finally {
      await t.stop();
    }
  });
});

describe('admin: npm run cli -- admin-password', function () {
  this.timeout(120_000);
  it('creates an account from a password on stdin, which turns the dashboard on', async () => {
    const first = await createTestApp({ plugins: ['admin'] });
    await first.stop({ keepData: true });
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'admin-password', 'ops@example.com'], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATA_DIR: first.dataDir, DATABASE_URL: first.databaseUrl, LOG_LEVEL: 'warn' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += String(d)));
    child.stderr.on('data', (d) => (output += String(d)));
    child.stdin.end('a password from stdin\n');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code, output).to.equal(0);
    expect(output).to.contain('Account ops@example.com created.');
    const t = await createTestApp({ plugins: ['admin'], reuse: { dataDir: first.dataDir, databaseUrl: first.databaseUrl } });
    try {
      const agent = await signedInAgent(t.app, 'ops@example.com', 'a password from stdin');
      expect((await agent.get('/admin/api/dashboard')).status).to.equal(200);
    } finally {
      await t.stop();
    }
  });
});
