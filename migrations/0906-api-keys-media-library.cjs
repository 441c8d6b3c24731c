'use strict';

/**
 * The media library and tag vocabulary are shared by every project, so they get their own grant.
 * Keys of every project keep reaching them; keys limited to projects lose them unless re-created with it.
 */
module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.addColumn('api_keys', 'media_library', { type: Sequelize.BOOLEAN, allowNull: false, defaultValue: false });
    await queryInterface.bulkUpdate('api_keys', { media_library: true }, { project_ids: null });
  },
  async down(queryInterface) {
    await queryInterface.removeColumn('api_keys', 'media_library');
  },
};
