// Mocha runs the TypeScript sources directly through tsx, exactly as `npm start` does.
module.exports = {
  // Without require(esm), mocha import()s the specs, so tests, core and plugins share one ESM module graph.
  'node-option': ['import=tsx', 'no-experimental-require-module'],
  // Every response a test receives is checked against the OpenAPI document (test/helpers/response-contract.ts).
  require: ['./test/helpers/contract-hooks.ts'],
  timeout: 30000,
  slow: 1000,
  exit: true,
  reporter: './test/helpers/summary-reporter.cjs',
};
