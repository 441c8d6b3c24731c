'use strict';

/** Every stored object: content-addressed by SHA-256 per driver, reference-counted by what uses it. */
module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.createTable('files', {
      id: { type: Sequelize.UUID, primaryKey: true, allowNull: false },
      sha256: { type: Sequelize.CHAR(64), allowNull: false },
      size: { type: Sequelize.BIGINT, allowNull: false },
      content_type: { type: Sequelize.STRING(127), allowNull: false },
      ext: { type: Sequelize.STRING(16), allowNull: false },
      width: { type: Sequelize.INTEGER, allowNull: true },
      height: { type: Sequelize.INTEGER, allowNull: true },
      format: { type: Sequelize.STRING(16), allowNull: true },
      driver: { type: Sequelize.STRING(32), allowNull: false },
      storage_key: { type: Sequelize.STRING(255), allowNull: false },
      ref_count: { type: Sequelize.INTEGER, allowNull: false, defaultValue: 0 },
      // When ref_count last reached 0 (or the row was created): the cleanup grace period counts from here.
      unreferenced_at: { type: Sequelize.DATE(3), allowNull: true },
      created_at: { type: Sequelize.DATE(3), allowNull: false },
      updated_at: { type: Sequelize.DATE(3), allowNull: false },
    });
    await queryInterface.addIndex('files', ['driver', 'sha256'], { name: 'files_driver_sha256', unique: true });
    await queryInterface.addIndex('files', ['ref_count', 'unreferenced_at'], { name: 'files_unreferenced' });
  },
  async down(queryInterface) {
    await queryInterface.dropTable('files');
  },
};
