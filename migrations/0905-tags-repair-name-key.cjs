'use strict';

/**
 * Renames used to leave name_key stale. Re-derive it from name; a row whose key would clash
 * with another tag's keeps its stale key (merge those by hand), so the unique index holds.
 */
module.exports = {
  async up(queryInterface) {
    const [rows] = await queryInterface.sequelize.query('SELECT id, name, name_key FROM tags');
    const taken = new Set(rows.map((r) => r.name_key));
    // Repeat passes: repairing one row can free the key another row needs.
    for (let changed = true; changed; ) {
      changed = false;
      for (const row of rows) {
        const key = String(row.name).trim().toLowerCase();
        if (key === row.name_key || taken.has(key)) continue;
        await queryInterface.bulkUpdate('tags', { name_key: key }, { id: row.id });
        taken.delete(row.name_key);
        taken.add(key);
        row.name_key = key;
        changed = true;
      }
    }
  },
  async down() {},
};
