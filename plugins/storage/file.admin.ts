import { QueryTypes, type Sequelize } from 'sequelize';
import type { AdminResourceEntry } from '../../src/index.ts';
import { FileRecord } from './file.model.ts';
import type { FileService } from './tokens.ts';

/**
 * Stored files, read-only: files come and go with the records that reference them (and the
 * cleanup job), never by hand. "Storage used" sums them.
 */
export function fileAdminResource(files: FileService, sequelize: Sequelize): Omit<AdminResourceEntry, 'pluginId'> {
  return {
    resource: FileRecord,
    options: {
      navigation: { name: 'Storage' },
      listProperties: ['sha256', 'contentType', 'size', 'refCount', 'driver', 'createdAt'],
      filterProperties: ['contentType', 'ext', 'driver', 'refCount', 'createdAt'],
      // 64 hex digits: the list may break it anywhere rather than widen the table.
      properties: { sha256: { custom: { longToken: true } } },
      sort: { sortBy: 'createdAt', direction: 'desc' },
    },
    actions: [
      {
        name: 'storageUsed',
        label: 'Storage used',
        actionType: 'resource',
        icon: 'HardDrive',
        async run() {
          const rows = await sequelize.query<{ driver: string; files: number | string; bytes: number | string | null; unreferenced: number | string | null }>(
            'SELECT driver, COUNT(*) AS files, SUM(size) AS bytes, SUM(CASE WHEN ref_count = 0 THEN 1 ELSE 0 END) AS unreferenced FROM files GROUP BY driver',
            { type: QueryTypes.SELECT },
          );
          const byDriver = rows.map((r) => ({ driver: r.driver, files: Number(r.files), bytes: Number(r.bytes ?? 0), unreferenced: Number(r.unreferenced ?? 0) }));
          const total = byDriver.reduce((sum, r) => sum + r.bytes, 0);
          return { message: `${byDriver.reduce((n, r) => n + r.files, 0)} files, ${total} bytes.`, data: { total_bytes: total, by_driver: byDriver } };
        },
      },
    ],
    async download(id) {
      const file = await files.get(id);
      if (!file) return null;
      return { stream: await files.open(file), contentType: file.contentType, fileName: `${file.sha256.slice(0, 16)}.${file.ext}`, size: file.size };
    },
  };
}
