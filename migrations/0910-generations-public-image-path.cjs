'use strict';

/**
 * image_path used to echo the storage key of the uploaded file (e.g. files/ab/cd/<sha256>), an
 * internal detail. It now names the image on this server: images/<file id>.<format>.
 */
module.exports = {
  async up(queryInterface) {
    const sequelize = queryInterface.sequelize;
    const concat = sequelize.getDialect() === 'sqlite' ? "'images/' || file_id || '.' || format" : "CONCAT('images/', file_id, '.', format)";
    await sequelize.query(`UPDATE image_generations SET image_path = ${concat} WHERE file_id IS NOT NULL AND format IS NOT NULL`);
  },
  async down() {},
};
