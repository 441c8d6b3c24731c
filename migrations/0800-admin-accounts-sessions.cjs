'use strict';

/**
 * The dashboard: admin accounts (scrypt hashes), their sessions (connect-session-sequelize's
 * columns, so a restart keeps people signed in) and failed sign-in counters per email and IP
 * (in the database, so the slow-down holds across instances).
 */
module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.createTable('admin_accounts', {
      id: { type: Sequelize.UUID, primaryKey: true, allowNull: false },
      email: { type: Sequelize.STRING(255), allowNull: false, unique: true },
      password_hash: { type: Sequelize.STRING(255), allowNull: false },
      created_at: { type: Sequelize.DATE(3), allowNull: false },
      updated_at: { type: Sequelize.DATE(3), allowNull: false },
    });
    await queryInterface.createTable('admin_sessions', {
      sid: { type: Sequelize.STRING(36), primaryKey: true, allowNull: false },
      expires: { type: Sequelize.DATE, allowNull: true },
      data: { type: Sequelize.TEXT, allowNull: true },
      created_at: { type: Sequelize.DATE, allowNull: false },
      updated_at: { type: Sequelize.DATE, allowNull: false },
    });
    await queryInterface.addIndex('admin_sessions', ['expires'], { name: 'admin_sessions_expires' });
    await queryInterface.createTable('admin_login_failures', {
      // sha256 of email and IP: a fixed-length key that stores neither in clear.
      id: { type: Sequelize.STRING(64), primaryKey: true, allowNull: false },
      failures: { type: Sequelize.INTEGER, allowNull: false, defaultValue: 0 },
      last_failure_at: { type: Sequelize.DATE(3), allowNull: false },
    });
    // The session cookie's signing secret: generated once, shared by every instance and restart.
    await queryInterface.createTable('admin_secrets', {
      name: { type: Sequelize.STRING(50), primaryKey: true, allowNull: false },
      value: { type: Sequelize.STRING(255), allowNull: false },
    });
  },
  async down(queryInterface) {
    await queryInterface.dropTable('admin_secrets');
    await queryInterface.dropTable('admin_login_failures');
    await queryInterface.dropTable('admin_sessions');
    await queryInterface.dropTable('admin_accounts');
  },
};
