import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
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
