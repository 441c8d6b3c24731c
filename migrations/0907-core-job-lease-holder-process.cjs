'use strict';

/**
 * Which process holds a lease: the host (with its PID namespace on Linux) and the pid. A process
 * restarted on the same host after a crash can then see that the holder is gone and take the lease
 * at once, instead of waiting for it to lapse.
 */
module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.addColumn('job_leases', 'holder_host', { type: Sequelize.STRING(255), allowNull: true });
    await queryInterface.addColumn('job_leases', 'holder_pid', { type: Sequelize.INTEGER, allowNull: true });
  },
  async down(queryInterface) {
    await queryInterface.removeColumn('job_leases', 'holder_pid');
    await queryInterface.removeColumn('job_leases', 'holder_host');
  },
};
