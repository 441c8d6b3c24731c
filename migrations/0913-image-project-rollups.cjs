'use strict';

/**
 * What a project's stats read, kept in the transaction of every generation and variant write, so
 * they cost a few row reads at any project size instead of grouping the project's generations
 * (18 req/s at 100,000 assets on MariaDB):
 * - image_generation_rollups: generations per status, per model and per UTC day of creation;
 * - image_project_counters.bytes: the bytes of the project's generation images;
 * - image_project_files: how many of the project's generations use each stored file, so a variant
 *   made from a file shared by several generations counts once;
 * - image_project_counters.variant_bytes: the bytes of the variants made from those files.
 * - image_project_versions: bumped in every write that changes what the project's asset lists or
 *   tag list show, so an instance's cached copy of one is known current by one row read.
 * `npm run cli -- counters` verifies and rebuilds them.
 */
module.exports = {
  async up(queryInterface, Sequelize) {
    const sql = (text) => queryInterface.sequelize.query(text);
    const day = queryInterface.sequelize.getDialect() === 'sqlite' ? 'substr(created_at, 1, 10)' : "DATE_FORMAT(created_at, '%Y-%m-%d')";
    await queryInterface.createTable('image_generation_rollups', {
      project_id: { type: Sequelize.STRING(100), primaryKey: true },
      dimension: { type: Sequelize.STRING(16), primaryKey: true },
      value: { type: Sequelize.STRING(255), primaryKey: true },
      generations: { type: Sequelize.BIGINT, allowNull: false, defaultValue: 0 },
    });
    await sql(`INSERT INTO image_generation_rollups (project_id, dimension, value, generations)
      SELECT project_id, 'status', status, COUNT(*) FROM image_generations GROUP BY project_id, status`);
    await sql(`INSERT INTO image_generation_rollups (project_id, dimension, value, generations)
      SELECT project_id, 'model', model, COUNT(*) FROM image_generations WHERE model IS NOT NULL GROUP BY project_id, model`);
    await sql(`INSERT INTO image_generation_rollups (project_id, dimension, value, generations)
      SELECT project_id, 'day', ${day}, COUNT(*) FROM image_generations GROUP BY project_id, ${day}`);

    await queryInterface.createTable('image_project_versions', {
      project_id: { type: Sequelize.STRING(100), primaryKey: true },
      version: { type: Sequelize.BIGINT, allowNull: false, defaultValue: 0 },
    });

    await queryInterface.createTable('image_project_files', {
      project_id: { type: Sequelize.STRING(100), primaryKey: true },
      file_id: { type: Sequelize.UUID, primaryKey: true },
      generations: { type: Sequelize.INTEGER, allowNull: false, defaultValue: 0 },
    });
    await queryInterface.addIndex('image_project_files', ['file_id'], { name: 'image_project_files_file_id' });
    await sql(`INSERT INTO image_project_files (project_id, file_id, generations)
      SELECT project_id, file_id, COUNT(*) FROM image_generations WHERE file_id IS NOT NULL GROUP BY project_id, file_id`);

    // A project's most used tags (stats) read down this index instead of sorting all its tags.
    await queryInterface.addIndex('image_project_tag_counts', ['project_id', 'assets'], { name: 'image_project_tag_counts_project_assets' });

    await queryInterface.addColumn('image_project_counters', 'bytes', { type: Sequelize.BIGINT, allowNull: false, defaultValue: 0 });
    await queryInterface.addColumn('image_project_counters', 'variant_bytes', { type: Sequelize.BIGINT, allowNull: false, defaultValue: 0 });

    await sql('UPDATE image_project_counters SET bytes = (SELECT COALESCE(SUM(a.file_size), 0) FROM image_assets a WHERE a.project_id = image_project_counters.project_id)');
    await sql(`UPDATE image_project_counters SET variant_bytes = (
      SELECT COALESCE(SUM(v.size), 0) FROM image_project_files pf JOIN file_variants v ON v.file_id = pf.file_id
      WHERE pf.project_id = image_project_counters.project_id)`);
  },
  async down(queryInterface) {
    await queryInterface.removeColumn('image_project_counters', 'variant_bytes');
    await queryInterface.removeColumn('image_project_counters', 'bytes');
    await queryInterface.removeIndex('image_project_tag_counts', 'image_project_tag_counts_project_assets');
    await queryInterface.dropTable('image_project_files');
    await queryInterface.dropTable('image_project_versions');
    await queryInterface.dropTable('image_generation_rollups');
  },
};
