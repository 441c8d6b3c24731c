import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import spectralCore from '@stoplight/spectral-core';
import spectralParsers from '@stoplight/spectral-parsers';
import { oas } from '@stoplight/spectral-rulesets';
import { contractViolations } from '../helpers/response-contract.ts';
import { ApiRouter, definePlugin } from '../../src/index.ts';
import { createTestApp, type TestApp } from '../helpers/create-test-app.ts';

/** Every schema object in the document, wherever it sits. */
function schemasIn(node: unknown, found: Array<Record<string, unknown>> = []): Array<Record<string, unknown>> {
  if (Array.isArray(node)) node.forEach((item) => schemasIn(item, found));
  else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if (typeof record.pattern === 'string') found.push(record);
    Object.values(record).forEach((value) => schemasIn(value, found));
  }
  return found;
}

describe('the OpenAPI document, as generated validators read it', () => {
  let t: TestApp;
  let doc: Record<string, unknown>;
  before(async () => {
    t = await createTestApp();
    doc = (await t.request.get('/openapi.json').expect(200)).body;
  });
  after(() => t.stop());

  it('has patterns that are plain ECMA-262 regular expressions, with no flags leaked into them', () => {
    const patterns = schemasIn(doc).map((s) => s.pattern as string);
    expect(patterns.length).to.be.greaterThan(0);
    for (const pattern of patterns) {
      expect(pattern, pattern).to.not.match(/\/[gimsuy]*$/);
      expect(() => new RegExp(pattern, 'u'), pattern).to.not.throw();
    }
  });

  it('is clean under Redocly’s recommended rules and Spectral’s OpenAPI ruleset, warnings included', async () => {
    const text = JSON.stringify(doc);
    const redocly = await lintFromString({ source: text, absoluteRef: '/openapi.json', config: await createConfig({ extends: ['recommended'] }) });
    expect(redocly.map((p) => `${p.ruleId}: ${p.message} at ${p.location?.[0]?.pointer}`)).to.deep.equal([]);
    const spectral = new spectralCore.Spectral();
    spectral.setRuleset({ extends: [[oas as never, 'recommended']] } as never);
    const results = await spectral.run(new spectralCore.Document(text, spectralParsers.Json, '/openapi.json'));
    expect(results.map((r) => `${r.code}: ${r.message} at ${r.path.join('.')}`)).to.deep.equal([]);
  });

  it('declares every error an operation can send, each with a problem+json body', () => {
    const paths = doc.paths as Record<string, Record<string, { operationId: string; responses: Record<string, { content?: Record<string, unknown> }> }>>;
    const ids = new Set<string>();
    for (const [path, operations] of Object.entries(paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        expect(operation.operationId, `${method} ${path}`).to.be.a('string');
        ids.add(operation.operationId);
        for (const [status, response] of Object.entries(operation.responses)) {
          if (Number(status) >= 400) expect(response.content, `${method} ${path} ${status}`).to.have.property('application/problem+json');
        }
        expect(operation.responses, `${method} ${path}`).to.include.keys('400', '401', '429', '503');
        if (path.includes('{')) expect(operation.responses, `${method} ${path}`).to.have.property('404');
      }
    }
    expect(ids.size).to.equal(Object.values(paths).reduce((n, ops) => n + Object.keys(ops).length, 0));
    expect(paths['/api/v1/assets/{asset_id}']!.delete!.responses).to.have.property('409');
    expect(paths['/api/v1/generations/{generation_id}']!.put!.responses).to.have.property('403');
    expect(paths['/api/v1/files/images/{image_id}']!.get!.responses).to.have.property('401');
    expect(paths['/api/media-assets/{asset_id}/download']!.get!.responses['200']!.content).to.have.property('*/*');
    expect(doc.servers).to.deep.equal([{ url: '/' }]);
  });

  it('has id patterns that accept real ids, in either letter case', () => {
    const id = randomUUID();
    const idSchemas = schemasIn(doc).filter((s) => /0-9a-f/i.test(s.pattern as string) && /\{12\}/.test(s.pattern as string));
    expect(idSchemas.length).to.be.greaterThan(0);
    for (const schema of idSchemas) {
      const pattern = new RegExp(schema.pattern as string, 'u');
      expect(pattern.test(id), schema.pattern as string).to.equal(true);
      expect(pattern.test(id.toUpperCase()), schema.pattern as string).to.equal(true);
    }
  });
});

describe('the response check every test runs', () => {
  it('flags a response whose status the document does not declare', async () => {
    const liar = definePlugin({
      id: 'undeclared-status',
      init({ http }) {
        http.use(
          new ApiRouter().route({ method: 'get', path: '/api/liar', summary: 'Says 200', tags: ['test'], responses: { 200: { description: 'ok' } } }, ({ res }) => {
            res.status(202).json({});
          }),
        );
      },
    });
    const t = await createTestApp({ plugins: [], extraPlugins: [liar] });
    try {
      const before = contractViolations.length;
      await t.request.get('/api/liar').set('Authorization', 'Bearer test-admin-token-0123456789').expect(202);
      await new Promise((r) => setImmediate(r));
      const found = contractViolations.splice(before);
      expect(found).to.have.length(1);
      expect(found[0]).to.match(/GET \/api\/liar -> 202 .*status not declared/);
    } finally {
      await t.stop();
    }
  });
});
