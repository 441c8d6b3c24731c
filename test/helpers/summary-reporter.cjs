'use strict';
// Mocha's spec output, plus the plain "N passed, N failed, N skipped" closing line CI reads.
const Mocha = require('mocha');

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const { passes, failures, pending } = runner.stats;
      const database = process.env.TEST_DATABASE_URL ? 'mysql' : 'sqlite';
      console.log(`\n${database}: ${passes} passed, ${failures} failed, ${pending} skipped`);
    });
  }
}

module.exports = SummaryReporter;
