'use strict';

module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.createTable('hello_greetings', {
      id: { type: Sequelize.UUID, primaryKey: true, allowNull: false },
      name: { type: Sequelize.STRING(100), allowNull: false },
      created_at: { type: Sequelize.DATE(3), allowNull: false },
    });
  },
  async down(queryInterface) {
    await queryInterface.dropTable('hello_greetings');
  },
};
