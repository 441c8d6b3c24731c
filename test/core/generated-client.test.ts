import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { pathToFileURL } from 'node:url';
import { expect } from 'chai';
import openapiTS, { astToString } from 'openapi-typescript';
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../helpers/create-test-app.ts';

const run = promisify(execFile);
const REPO = path.resolve(import.meta.dirname, '../..');
const SOME_ID = '00000000-0000-4000-8000-000000000000';

interface Operation {
  parameters?: Array<{ name: string; in: string; required?: boolean }>;
  requestBody?: { required?: boolean };
  responses: Record<string, unknown>;
}

/** A call of every operation, written against the generated types so the compiler checks each path, method and parameter. */
function callsOf(paths: Record<string, Record<string, Operation>>): string {
  const calls: string[] = [];
  for (const [route, operations] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const pathParams = (operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => `${p.name}: ${JSON.stringify(p.name === 'project_id' ? 'client-p' : SOME_ID)}`);
      const query = (operation.parameters ?? []).filter((p) => p.in === 'query' && p.required).map((p) => `${p.name}: 'x'`);
      const parts = [pathParams.length ? `path: { ${pathParams.join(', ')} }` : '', query.length ? `query: { ${query.join(', ')} }` : ''].filter(Boolean);
      const params = parts.length ? `params: { ${parts.join(', ')} }` : '';
      const body = operation.requestBody?.required ? ', body: {} as never' : '';
      calls.push(`  out.push([${JSON.stringify(`${method} ${route}`)}, (await client.${method.toUpperCase()}(${JSON.stringify(route)}, { ${[params, body.replace(/^, /, '')].filter(Boolean).join(', ')} })).response.status]);`);
    }
  }
  return `import createClient from 'openapi-fetch';
import type { paths } from './api.ts';

export async function callEveryOperation(baseUrl: string, token: string): Promise<Array<[string, number]>> {
  const client = createClient<paths>({ baseUrl, headers: { Authorization: \`Bearer \${token}\` } });
  const out: Array<[string, number]> = [];
${calls.join('\n')}
  return out;
}
`;
}

describe('a client generated from the OpenAPI document', function () {
  this.timeout(120_000);
  let t: TestApp;
  let dir: string;
  before(async () => {
    t = await createTestApp();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'af-client-'));
    await fs.symlink(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'));
  });
  after(async () => {
    await t.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('compiles with openapi-typescript and openapi-fetch, and calls every operation, each answering a declared status', async () => {
    const doc = (await t.request.get('/openapi.json').expect(200)).body;
    await fs.writeFile(path.join(dir, 'api.ts'), astToString(await openapiTS(doc)));
    await fs.writeFile(path.join(dir, 'client.ts'), callsOf(doc.paths));
    await fs.writeFile(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, allowImportingTsExtensions: true, skipLibCheck: true, types: [] }, include: ['*.ts'] }),
    );
    await fs.writeFile(path.join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    const compiled = await run(process.execPath, [path.join(REPO, 'node_modules/typescript/bin/tsc'), '-p', dir]).then(
      () => '',
      (err: { stdout?: string }) => err.stdout ?? String(err),
    );
    expect(compiled, 'tsc output').to.equal('');

    const server = t.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { callEveryOperation } = (await import(pathToFileURL(path.join(dir, 'client.ts')).href)) as {
        callEveryOperation(baseUrl: string, token: string): Promise<Array<[string, number]>>;
      };
      const results = await callEveryOperation(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, ADMIN_TOKEN);
      const count = Object.values(doc.paths as Record<string, object>).reduce((n, ops) => n + Object.keys(ops).length, 0);
      expect(results).to.have.length(count);
      for (const [operation, status] of results) {
        const [method, route] = operation.split(' ') as [string, string];
        expect(Object.keys(doc.paths[route][method].responses), `${operation} answered ${status}`).to.include(String(status));
        expect(status, operation).to.be.below(500);
      }
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
