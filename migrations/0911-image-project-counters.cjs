'use strict';

/**
 * Each project's asset count, kept in the same transaction as every asset insert and delete, so
 * a list's total costs one row read at any project size instead of a count of its index.
 * `npm run cli -- counters` verifies and rebuilds it.
 */
module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.createTable('image_project_counters', {
      project_id: { type: Sequelize.STRING(100), primaryKey: true },
      assets: { type: Sequelize.BIGINT, allowNull: false, defaultValue: 0 },
    });
    await queryInterface.sequelize.query(
      'INSERT INTO image_project_counters (project_id, assets) SELECT project_id, COUNT(*) FROM image_assets GROUP BY project_id',
    );
  },
  async down(queryInterface) {
    await queryInterface.dropTable('image_project_counters');
  },
};
