'use strict';

/**
 * When each variant was last served, in epoch milliseconds (the same integer arithmetic on SQLite
 * and MySQL), so the least recently used can be removed once the variants outgrow their storage
 * budget. Updated coarsely by the images plugin, not on every request. Variants that exist at the
 * upgrade count as used then: nothing is known about their past.
 */
module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.addColumn('file_variants', 'last_used_ms', { type: Sequelize.BIGINT, allowNull: false, defaultValue: 0 });
    await queryInterface.sequelize.query('UPDATE file_variants SET last_used_ms = ?', { replacements: [Date.now()] });
    await queryInterface.addIndex('file_variants', ['last_used_ms'], { name: 'file_variants_last_used' });
  },
  async down(queryInterface) {
    await queryInterface.removeIndex('file_variants', 'file_variants_last_used');
    await queryInterface.removeColumn('file_variants', 'last_used_ms');
  },
};
