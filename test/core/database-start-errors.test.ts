import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';

const run = promisify(execFile);

/** Starts `src/main.ts` with a DATABASE_URL that cannot work, and returns what it printed and its exit code. */
async function startWith(databaseUrl: string): Promise<{ code: number; output: string }> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'af-dberr-'));
  try {
    await run(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', PORT: '0' },
      timeout: 40_000,
    });
    return { code: 0, output: '' };
  } catch (err) {
    const failure = err as { code?: number; stdout?: string; stderr?: string };
    return { code: Number(failure.code), output: `${failure.stdout ?? ''}${failure.stderr ?? ''}` };
  } finally {
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

describe('a start on a MySQL database that cannot be used', function () {
  this.timeout(120_000);
  // Needs a MySQL or MariaDB server to talk to: the one TEST_DATABASE_URL names.
  const base = process.env.TEST_DATABASE_URL;
  before(function () {
    if (!base?.startsWith('mysql')) this.skip();
  });

  it('says the database does not exist and how to create it, without a stack trace', async () => {
    const url = new URL(base!);
    url.pathname = '/af_no_such_database';
    const { code, output } = await startWith(url.toString());
    expect(code).to.equal(1);
    expect(output).to.contain('The database "af_no_such_database" does not exist');
    expect(output).to.contain('CREATE DATABASE');
    expect(output).to.not.match(/\n\s+at /);
  });

  it('says when no server answers, and when the user is refused', async () => {
    const closed = new URL(base!);
    closed.port = '1';
    const refused = await startWith(closed.toString());
    expect(refused.code).to.equal(1);
    expect(refused.output).to.contain('No MySQL server answers at');
    expect(refused.output).to.not.match(/\n\s+at /);
    const wrongUser = new URL(base!);
    wrongUser.username = 'af_nobody';
    wrongUser.password = 'wrong';
    const denied = await startWith(wrongUser.toString());
    expect(denied.code).to.equal(1);
    expect(denied.output).to.contain('refused the user "af_nobody"');
  });
});
