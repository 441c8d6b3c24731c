'use strict';

/**
 * Derived images (resized, re-encoded) of a stored file: made once, kept in the same backend,
 * and removed with their original. storage_used counts them too.
 */
module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.createTable('file_variants', {
      id: { type: Sequelize.UUID, primaryKey: true, allowNull: false },
      file_id: {
        type: Sequelize.UUID,
        allowNull: false,
        references: { model: 'files', key: 'id' },
        onDelete: 'CASCADE',
      },
      // The canonical transform parameters, e.g. "w256-h0-q80-fit-inside-webp".
      params_key: { type: Sequelize.STRING(128), allowNull: false },
      driver: { type: Sequelize.STRING(32), allowNull: false },
      storage_key: { type: Sequelize.STRING(255), allowNull: false },
      content_type: { type: Sequelize.STRING(127), allowNull: false },
      format: { type: Sequelize.STRING(16), allowNull: false },
      width: { type: Sequelize.INTEGER, allowNull: false },
      height: { type: Sequelize.INTEGER, allowNull: false },
      size: { type: Sequelize.BIGINT, allowNull: false },
      created_at: { type: Sequelize.DATE(3), allowNull: false },
    });
    await queryInterface.addIndex('file_variants', ['file_id', 'params_key'], { name: 'file_variants_file_params', unique: true });
    await queryInterface.addIndex('file_variants', ['driver', 'storage_key'], { name: 'file_variants_driver_key', unique: true });
  },
  async down(queryInterface) {
    await queryInterface.dropTable('file_variants');
  },
};
