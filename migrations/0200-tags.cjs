'use strict';

/** One tag vocabulary for the whole server: media assets and image assets both use it. */
module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.createTable('tags', {
      id: { type: Sequelize.UUID, primaryKey: true, allowNull: false },
      name: { type: Sequelize.STRING(100), allowNull: false },
      // Lower-cased name: uniqueness regardless of case, and the key for name look-ups.
      name_key: { type: Sequelize.STRING(100), allowNull: false, unique: true },
      description: { type: Sequelize.TEXT, allowNull: true },
      color: { type: Sequelize.STRING(7), allowNull: true },
      created_at: { type: Sequelize.DATE(3), allowNull: false },
      updated_at: { type: Sequelize.DATE(3), allowNull: false },
    });
    await queryInterface.addIndex('tags', ['created_at'], { name: 'tags_created_at' });
  },
  async down(queryInterface) {
    await queryInterface.dropTable('tags');
  },
};
