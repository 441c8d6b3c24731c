'use strict';

/**
 * Changes waiting to reach the search engine. Rows are written in the same transaction
 * as the records they follow, and removed once the engine has them.
 */
module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.createTable('search_outbox', {
      id: { type: Sequelize.BIGINT, primaryKey: true, autoIncrement: true, allowNull: false },
      index_name: { type: Sequelize.STRING(64), allowNull: false },
      document_id: { type: Sequelize.STRING(64), allowNull: false },
      attempts: { type: Sequelize.INTEGER, allowNull: false, defaultValue: 0 },
      available_at: { type: Sequelize.DATE(3), allowNull: false },
      last_error: { type: Sequelize.TEXT, allowNull: true },
      created_at: { type: Sequelize.DATE(3), allowNull: false },
    });
    await queryInterface.addIndex('search_outbox', ['available_at', 'id'], { name: 'search_outbox_available' });
  },
  async down(queryInterface) {
    await queryInterface.dropTable('search_outbox');
  },
};
