'use strict';

/** Leases that let one instance at a time run a scheduled job. */
module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.createTable('job_leases', {
      name: { type: Sequelize.STRING(191), primaryKey: true, allowNull: false },
      holder: { type: Sequelize.STRING(100), allowNull: false },
      expires_at: { type: Sequelize.DATE(3), allowNull: false },
    });
  },
  async down(queryInterface) {
    await queryInterface.dropTable('job_leases');
  },
};
