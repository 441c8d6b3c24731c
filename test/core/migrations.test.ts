import { expect } from 'chai';
import { createMigrator } from '../../src/core/db/migrator.ts';
import { createTestApp } from '../helpers/create-test-app.ts';

describe('migrations', () => {
  it('run up at boot, all the way down, and up again', async () => {
    const t = await createTestApp();
    try {
      const sequelize = t.kernel.sequelize;
      const migrator = createMigrator(sequelize, t.kernel.migrationFolders());
      const applied = await migrator.executed();
      expect(applied.length).to.be.greaterThan(1);
      const tables = async () =>
        ((await sequelize.getQueryInterface().showAllTables()) as Array<string | { tableName: string }>)
          .map((x) => (typeof x === 'string' ? x : x.tableName))
          .filter((name) => name !== 'SequelizeMeta')
          .sort();
      const before = await tables();
      expect(before).to.include.members(['api_keys', 'job_leases']);

      await migrator.down({ to: 0 });
      expect(await migrator.executed()).to.have.length(0);
      expect(await tables()).to.deep.equal([]);

      await migrator.up();
      expect(await tables()).to.deep.equal(before);
    } finally {
      await t.stop();
    }
  });
});
