'use strict';

const { longText } = require('./lib/types.cjs');

/**
 * Image assets, their tags (rows of the shared `tags` vocabulary) and their generations.
 * Counters (total_generations, file_size) live on the asset so sorting and statistics read
 * an index instead of aggregating generations per row.
 */
module.exports = {
  async up(queryInterface, Sequelize) {
    const json = longText(queryInterface, Sequelize);
    await queryInterface.createTable('image_assets', {
      id: { type: Sequelize.UUID, primaryKey: true, allowNull: false },
      project_id: { type: Sequelize.STRING(100), allowNull: false },
      name: { type: Sequelize.STRING(255), allowNull: false },
      description: { type: Sequelize.TEXT, allowNull: false },
      thumbnail: { type: Sequelize.STRING(1000), allowNull: true },
      favorite_generation_id: { type: Sequelize.UUID, allowNull: true },
      metadata: { type: json, allowNull: false },
      file_size: { type: Sequelize.BIGINT, allowNull: false, defaultValue: 0 },
      total_generations: { type: Sequelize.INTEGER, allowNull: false, defaultValue: 0 },
      created_at: { type: Sequelize.DATE(3), allowNull: false },
      updated_at: { type: Sequelize.DATE(3), allowNull: false },
    });
    await queryInterface.addIndex('image_assets', ['project_id', 'created_at'], { name: 'image_assets_project_created' });
    await queryInterface.addIndex('image_assets', ['project_id', 'updated_at'], { name: 'image_assets_project_updated' });
    await queryInterface.addIndex('image_assets', ['project_id', 'name'], { name: 'image_assets_project_name' });
    await queryInterface.addIndex('image_assets', ['project_id', 'total_generations'], { name: 'image_assets_project_generations' });

    await queryInterface.createTable('image_asset_tags', {
      image_asset_id: {
        type: Sequelize.UUID,
        primaryKey: true,
        allowNull: false,
        references: { model: 'image_assets', key: 'id' },
        onDelete: 'CASCADE',
      },
      tag_id: {
        type: Sequelize.UUID,
        primaryKey: true,
        allowNull: false,
        references: { model: 'tags', key: 'id' },
        onDelete: 'CASCADE',
      },
    });
    await queryInterface.addIndex('image_asset_tags', ['tag_id', 'image_asset_id'], { name: 'image_asset_tags_tag' });

    await queryInterface.createTable('image_generations', {
      id: { type: Sequelize.UUID, primaryKey: true, allowNull: false },
      asset_id: {
        type: Sequelize.UUID,
        allowNull: false,
        references: { model: 'image_assets', key: 'id' },
        onDelete: 'CASCADE',
      },
      // Copied from the asset (which never changes project) so project statistics use one index each.
      project_id: { type: Sequelize.STRING(100), allowNull: false },
      parameters: { type: json, allowNull: false },
      // parameters.model, kept apart so models_used is an indexed GROUP BY.
      model: { type: Sequelize.STRING(200), allowNull: true },
      status: { type: Sequelize.STRING(16), allowNull: false },
      is_favorite: { type: Sequelize.BOOLEAN, allowNull: false, defaultValue: false },
      image_path: { type: Sequelize.STRING(1000), allowNull: true },
      image_url: { type: Sequelize.STRING(1000), allowNull: true },
      file_id: { type: Sequelize.UUID, allowNull: true },
      file_size: { type: Sequelize.BIGINT, allowNull: true },
      width: { type: Sequelize.INTEGER, allowNull: true },
      height: { type: Sequelize.INTEGER, allowNull: true },
      format: { type: Sequelize.STRING(8), allowNull: true },
      metadata: { type: json, allowNull: false },
      created_at: { type: Sequelize.DATE(3), allowNull: false },
      updated_at: { type: Sequelize.DATE(3), allowNull: false },
    });
    await queryInterface.addIndex('image_generations', ['asset_id', 'created_at'], { name: 'image_generations_asset_created' });
    await queryInterface.addIndex('image_generations', ['asset_id', 'status'], { name: 'image_generations_asset_status' });
    await queryInterface.addIndex('image_generations', ['project_id', 'status'], { name: 'image_generations_project_status' });
    await queryInterface.addIndex('image_generations', ['project_id', 'created_at'], { name: 'image_generations_project_created' });
    await queryInterface.addIndex('image_generations', ['project_id', 'model'], { name: 'image_generations_project_model' });
    await queryInterface.addIndex('image_generations', ['file_id'], { name: 'image_generations_file' });
  },
  async down(queryInterface) {
    await queryInterface.dropTable('image_generations');
    await queryInterface.dropTable('image_asset_tags');
    await queryInterface.dropTable('image_assets');
  },
};
