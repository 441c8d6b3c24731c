'use strict';

/**
 * Rate-limit counters shared by every instance (RATE_LIMIT_STORE=database): one row per client
 * and window, incremented atomically by an upsert. reset_ms is epoch milliseconds, so the
 * window arithmetic is the same integer comparison on SQLite and MySQL.
 */
module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.createTable('rate_limit_hits', {
      bucket: { type: Sequelize.STRING(191), primaryKey: true, allowNull: false },
      hits: { type: Sequelize.INTEGER, allowNull: false },
      reset_ms: { type: Sequelize.BIGINT, allowNull: false },
    });
    await queryInterface.addIndex('rate_limit_hits', ['reset_ms'], { name: 'rate_limit_hits_reset' });
  },
  async down(queryInterface) {
    await queryInterface.dropTable('rate_limit_hits');
  },
};
