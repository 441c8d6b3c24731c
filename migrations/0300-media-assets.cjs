'use strict';

/** The media library: assets (metadata, optionally backed by a stored file) and their tags. */
module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.createTable('media_assets', {
      id: { type: Sequelize.UUID, primaryKey: true, allowNull: false },
      file_name: { type: Sequelize.STRING(255), allowNull: false },
      // Canonical extension of what the bytes are (jpg, png, pdf...), or what a metadata-only record says.
      file_type: { type: Sequelize.STRING(32), allowNull: false },
      content_type: { type: Sequelize.STRING(127), allowNull: false },
      file_size_bytes: { type: Sequelize.BIGINT, allowNull: true },
      // Null for a metadata-only record; the files row holds a reference count for each asset using it.
      file_id: { type: Sequelize.UUID, allowNull: true, references: { model: 'files', key: 'id' }, onDelete: 'RESTRICT' },
      storage_location: { type: Sequelize.STRING(300), allowNull: true },
      sha256: { type: Sequelize.CHAR(64), allowNull: true },
      width: { type: Sequelize.INTEGER, allowNull: true },
      height: { type: Sequelize.INTEGER, allowNull: true },
      format: { type: Sequelize.STRING(16), allowNull: true },
      uploaded_at: { type: Sequelize.DATE(3), allowNull: false },
      uploaded_by: { type: Sequelize.STRING(200), allowNull: false },
      created_at: { type: Sequelize.DATE(3), allowNull: false },
      updated_at: { type: Sequelize.DATE(3), allowNull: false },
    });
    for (const column of ['uploaded_at', 'created_at', 'updated_at', 'file_name', 'file_type', 'uploaded_by', 'file_size_bytes', 'file_id']) {
      await queryInterface.addIndex('media_assets', [column], { name: `media_assets_${column}` });
    }

    await queryInterface.createTable('media_asset_tags', {
      media_asset_id: {
        type: Sequelize.UUID,
        allowNull: false,
        primaryKey: true,
        references: { model: 'media_assets', key: 'id' },
        onDelete: 'CASCADE',
      },
      tag_id: { type: Sequelize.UUID, allowNull: false, primaryKey: true, references: { model: 'tags', key: 'id' }, onDelete: 'CASCADE' },
      created_at: { type: Sequelize.DATE(3), allowNull: false },
    });
    // The primary key (media_asset_id, tag_id) serves "tags of an asset"; this serves
    // "assets with a tag", counts and multi-tag filters from the index alone.
    await queryInterface.addIndex('media_asset_tags', ['tag_id', 'media_asset_id'], { name: 'media_asset_tags_tag_asset', unique: true });
  },
  async down(queryInterface) {
    await queryInterface.dropTable('media_asset_tags');
    await queryInterface.dropTable('media_assets');
  },
};
