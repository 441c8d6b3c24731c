'use strict';

/**
 * The scheduled time of a job's last run. Instances fire the same cron tick a few milliseconds
 * apart; once one has run a tick (and released the lease), this keeps a late instance from
 * running the same tick again.
 */
module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.addColumn('job_leases', 'last_run_slot', { type: Sequelize.DATE(3), allowNull: true });
  },
  async down(queryInterface) {
    await queryInterface.removeColumn('job_leases', 'last_run_slot');
  },
};
