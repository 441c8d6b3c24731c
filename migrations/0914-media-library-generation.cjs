'use strict';

/**
 * One row whose `generation` goes up in the transaction of every write to the media library
 * (assets, their tags, tag renames, merges and deletions). A process may keep a list answer
 * (its page of ids and its total) for as long as the generation it was computed at is current:
 * a repeated list then costs this row and the page's assets instead of the tag intersection.
 */
module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.createTable('media_library_state', {
      id: { type: Sequelize.INTEGER, primaryKey: true, allowNull: false },
      generation: { type: Sequelize.BIGINT, allowNull: false, defaultValue: 0 },
    });
    await queryInterface.bulkInsert('media_library_state', [{ id: 1, generation: 0 }]);
  },
  async down(queryInterface) {
    await queryInterface.dropTable('media_library_state');
  },
};
