import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { createTestApp, type TestApp } from '../helpers/create-test-app.ts';
import { addVariant, exists, GRACE_HOURS, LONG_AGO, rowCount, storeFile, unreferencedSince } from './cleanup-helpers.ts';

const run = promisify(execFile);

describe('storage cleanup from the command line', function () {
  // Each CLI call is its own process that imports every plugin: seconds apiece on a busy 2-core machine.
  this.timeout(120_000);
  let t: TestApp;
  let configFile: string;
  before(async () => {
    t = await createTestApp({ plugins: ['storage-local'] });
    configFile = path.join(t.dataDir, 'cli-plugins.json');
    await fs.writeFile(configFile, JSON.stringify({ storage: { cleanupGraceHours: GRACE_HOURS } }));
  });
  after(() => t.stop());

  /** `npm run cli -- cleanup ...` as a user runs it, against the test app's database and data dir. */
  async function cli(...args: string[]): Promise<string> {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'cleanup', ...args], {
      env: { ...process.env, DATABASE_URL: t.databaseUrl, DATA_DIR: t.dataDir, LOG_LEVEL: 'silent', PLUGIN_CONFIG: configFile },
    });
    return stdout;
  }

  it('prints what --dry-run would remove without removing it, then removes exactly that', async () => {
    const expired = await storeFile(t);
    await unreferencedSince(t, expired, LONG_AGO);
    const variant = await addVariant(t, expired, 'w64-webp');

    const dry = await cli('--dry-run');
    expect(dry).to.contain(`would remove file ${expired.id} ${expired.storageKey} (${expired.size} bytes)`);
    expect(dry).to.match(/Dry run: would remove 1 files, 1 variants and 0 orphan objects, [\d.]+ MB \(\d+ bytes\); 0 errors\./);
    expect(await exists(t, expired.storageKey)).to.equal(true);
    expect(await exists(t, variant)).to.equal(true);
    expect(await rowCount(t, 'files', 'id = :id', { id: expired.id })).to.equal(1);

    const real = await cli();
    expect(real).to.contain(`removed file ${expired.id} ${expired.storageKey}`);
    expect(real).to.match(/Removed 1 files, 1 variants and 0 orphan objects/);
    expect(await exists(t, expired.storageKey)).to.equal(false);
    expect(await exists(t, variant)).to.equal(false);
    expect(await rowCount(t, 'files', 'id = :id', { id: expired.id })).to.equal(0);

    expect(await cli()).to.contain('Removed 0 files, 0 variants and 0 orphan objects, 0.00 MB (0 bytes); 0 errors.');
  });
});
