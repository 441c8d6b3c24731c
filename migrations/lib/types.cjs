'use strict';
// Column types that differ by dialect. Kept in a subfolder so neither runner mistakes it for a migration.

/** Long JSON/text: LONGTEXT on MySQL (TEXT stops at 64 KB, and ComfyUI workflows are larger); TEXT on SQLite. */
exports.longText = (queryInterface, Sequelize) =>
  queryInterface.sequelize.getDialect() === 'mysql' ? Sequelize.TEXT('long') : Sequelize.TEXT;
