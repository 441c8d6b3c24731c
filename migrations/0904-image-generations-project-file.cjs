'use strict';

/** storage_used counts the variants of a project's images: their file ids, read from this index alone. */
module.exports = {
  async up(queryInterface) {
    await queryInterface.addIndex('image_generations', ['project_id', 'file_id'], { name: 'image_generations_project_file' });
  },
  async down(queryInterface) {
    await queryInterface.removeIndex('image_generations', 'image_generations_project_file');
  },
};
