'use strict';

/** API keys: only a SHA-256 of each token is kept. */
module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.createTable('api_keys', {
      id: { type: Sequelize.UUID, primaryKey: true, allowNull: false },
      name: { type: Sequelize.STRING(100), allowNull: false },
      token_hash: { type: Sequelize.CHAR(64), allowNull: false, unique: true },
      token_prefix: { type: Sequelize.STRING(16), allowNull: false },
      project_ids: { type: Sequelize.TEXT, allowNull: true },
      can_write: { type: Sequelize.BOOLEAN, allowNull: false, defaultValue: false },
      created_at: { type: Sequelize.DATE(3), allowNull: false },
      last_used_at: { type: Sequelize.DATE(3), allowNull: true },
      revoked_at: { type: Sequelize.DATE(3), allowNull: true },
    });
  },
  async down(queryInterface) {
    await queryInterface.dropTable('api_keys');
  },
};
