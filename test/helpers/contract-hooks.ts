import { contractViolations, currentTest } from './response-contract.ts';

/** Mocha root hooks: name the test each response belongs to, and fail the run on any response the OpenAPI document does not describe. */
export const mochaHooks = {
  beforeEach(this: { currentTest?: { fullTitle(): string } }) {
    currentTest.title = this.currentTest?.fullTitle() ?? '';
  },
  afterAll() {
    if (contractViolations.length === 0) return;
    const unique = [...new Set(contractViolations)];
    throw new Error(`${unique.length} responses did not match the OpenAPI document:\n  ${unique.slice(0, 100).join('\n  ')}`);
  },
};
