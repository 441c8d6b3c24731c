import { expect } from 'chai';
import { z } from 'zod';
import { definePlugin } from '../../src/index.ts';
import { CORE } from '../../src/core/tokens.ts';
import { ADMIN_AUTH, createTestApp } from '../helpers/create-test-app.ts';
import { recordingPlugin } from '../helpers/plugins.ts';

async function bootError(options: Parameters<typeof createTestApp>[0]): Promise<string> {
  try {
    const t = await createTestApp(options);
    await t.stop();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected the boot to fail');
}

describe('kernel', () => {
  it('inits and starts plugins after their dependencies, and stops them in reverse', async () => {
    const log: string[] = [];
    const t = await createTestApp({
      plugins: [],
      extraPlugins: [recordingPlugin('a', ['b'], log), recordingPlugin('c', [], log), recordingPlugin('b', ['c'], log)],
    });
    expect(t.kernel.plugins.map((p) => p.id)).to.deep.equal(['c', 'b', 'a']);
    await t.stop();
    expect(log).to.deep.equal(['init:c', 'init:b', 'init:a', 'start:c', 'start:b', 'start:a', 'stop:a', 'stop:b', 'stop:c']);
  });

  it('logs every boot phase with its duration', async () => {
    const t = await createTestApp({ plugins: [] });
    expect(Object.keys(t.kernel.phaseTimings)).to.deep.equal(['discover', 'validate-config', 'order', 'bind', 'migrate', 'init', 'start']);
    Object.values(t.kernel.phaseTimings).forEach((ms) => expect(ms).to.be.a('number'));
    await t.stop();
  });

  it('refuses a dependency cycle, naming it', async () => {
    const log: string[] = [];
    const message = await bootError({
      plugins: [],
      extraPlugins: [recordingPlugin('x', ['y'], log), recordingPlugin('y', ['z'], log), recordingPlugin('z', ['x'], log)],
    });
    expect(message).to.equal('Plugin dependency cycle: x -> y -> z -> x.');
    expect(log).to.deep.equal([]);
  });

  it('refuses a missing dependency, naming both plugins', async () => {
    const message = await bootError({ plugins: [], extraPlugins: [recordingPlugin('needy', ['absent'], [])] });
    expect(message).to.equal('Plugin "needy" depends on "absent", which is not loaded.');
  });

  it('refuses two plugins with one id', async () => {
    const message = await bootError({ plugins: [], extraPlugins: [recordingPlugin('twin', [], []), recordingPlugin('twin', [], [])] });
    expect(message).to.contain('"twin"');
  });

  it('refuses invalid environment variables, naming each', async () => {
    const message = await bootError({ plugins: [], env: { PORT: 'eighty', LOG_LEVEL: 'loud' } });
    expect(message).to.contain('PORT:');
    expect(message).to.contain('(got "eighty")');
    expect(message).to.contain('LOG_LEVEL:');
    const s3 = await bootError({ plugins: [], env: { STORAGE_DRIVER: 's3' } });
    expect(s3).to.contain('S3_BUCKET: is required when STORAGE_DRIVER=s3');
  });

  it('refuses invalid plugin configuration, naming the plugin and the field', async () => {
    const strict = definePlugin({ id: 'strict', config: { schema: z.object({ maxPerAsset: z.number().int().positive() }), defaults: { maxPerAsset: 50 } } });
    const message = await bootError({ plugins: [], extraPlugins: [strict], config: { strict: { maxPerAsset: -1 } } });
    expect(message).to.match(/plugin "strict": maxPerAsset: .*>0/);
  });

  it('fails at boot, not on the first request, when a plugin needs an unbound service', async () => {
    const broken = definePlugin({
      id: 'broken',
      init: ({ container }) => void container.get(Symbol.for('nobody.binds.this')),
    });
    const message = await bootError({ plugins: [], extraPlugins: [broken] });
    expect(message).to.contain('Plugin "broken" failed in init');
    expect(message).to.contain('nobody.binds.this');
  });

  describe('a third-party plugin loaded through PLUGINS', () => {
    let t: Awaited<ReturnType<typeof createTestApp>>;
    before(async () => {
      t = await createTestApp({ plugins: [], env: { PLUGINS: './examples/hello-plugin' }, config: { hello: { greeting: 'Ahoy' } } });
    });
    after(() => t.stop());

    it('adds its route, configured from plugin config', async () => {
      const res = await t.request.get('/api/hello').set('Authorization', ADMIN_AUTH).expect(200);
      expect(res.body.message).to.equal('Ahoy, admin!');
    });

    it('adds its table through its own migration', async () => {
      const created = await t.request.post('/api/hello/greetings').set('Authorization', ADMIN_AUTH).send({ name: 'Ada' }).expect(201);
      expect(created.body.name).to.equal('Ada');
      expect(created.body.created_at).to.match(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      const res = await t.request.get('/api/hello').set('Authorization', ADMIN_AUTH).expect(200);
      expect(res.body.greetings).to.equal(1);
    });

    it('adds its cron job, which runs under a lease', async () => {
      const scheduler = t.container.get(CORE.scheduler);
      expect(scheduler.list().map((j) => [j.name, j.schedule])).to.deep.include(['hello.heartbeat', '*/5 * * * *']);
      expect(await scheduler.runNow('hello.heartbeat')).to.equal(true);
      const res = await t.request.get('/api/hello').set('Authorization', ADMIN_AUTH).expect(200);
      expect(res.body.heartbeats).to.equal(1);
    });

    it('skips a job while another instance holds its lease', async () => {
      const leases = t.container.get(CORE.leases);
      const { LeaseService } = await import('../../src/core/jobs/lease.service.ts');
      const otherInstance = new LeaseService();
      expect(await otherInstance.acquire('job:hello.heartbeat', 60_000)).to.equal(true);
      expect(await t.container.get(CORE.scheduler).runNow('hello.heartbeat')).to.equal(false);
      await otherInstance.release('job:hello.heartbeat');
      expect(await leases.acquire('job:hello.heartbeat', 10)).to.equal(true);
      await leases.release('job:hello.heartbeat');
    });

    it('adds its dashboard resource', () => {
      const resources = t.container.get(CORE.admin).resources;
      expect(resources.map((r) => r.pluginId)).to.include('hello');
    });

    it('adds its routes to the OpenAPI document', async () => {
      const res = await t.request.get('/openapi.json').expect(200);
      expect(res.body.paths).to.have.property('/api/hello/projects/{project_id}');
    });
  });

  it('reports a PLUGINS entry that cannot be loaded', async () => {
    const message = await bootError({ plugins: [], env: { PLUGINS: './examples/no-such-plugin' } });
    expect(message).to.contain('PLUGINS entry "./examples/no-such-plugin"');
  });
});
