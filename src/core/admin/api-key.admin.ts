import { ApiKey } from '../auth/api-key.model.ts';
import type { ApiKeyService } from '../auth/api-key.service.ts';
import { InputError } from '../errors/errors.ts';
import type { AdminResourceEntry } from './admin-registry.ts';

const readOnly = { isVisible: { list: true, show: true, edit: false, filter: true } };
const hidden = { isVisible: false };

/** A checkbox posts true or false (JSON) or "true"/"false" (a form); older callers sent yes or no. */
function flag(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  return /^(y|yes|true|on|1)$/i.test(value.trim());
}

/** What a key reaches, in words: its projects, or all of them. */
const projectsScope = (projectIds: string[] | null) => (projectIds && projectIds.length > 0 ? projectIds.join(', ') : 'All projects');

/**
 * API keys in the dashboard, through ApiKeyService: "Create key" shows the token once,
 * "Revoke" revokes; the hash is never shown and nothing is edited by hand.
 */
export function apiKeyAdminResource(keys: ApiKeyService): Omit<AdminResourceEntry, 'pluginId'> {
  return {
    resource: ApiKey,
    options: {
      navigation: { name: 'Access' },
      listProperties: ['name', 'tokenPrefix', 'projects', 'canWrite', 'mediaLibrary', 'createdAt', 'lastUsedAt', 'revokedAt'],
      showProperties: ['id', 'name', 'tokenPrefix', 'projects', 'canWrite', 'mediaLibrary', 'createdAt', 'lastUsedAt', 'revokedAt'],
      filterProperties: ['name', 'tokenPrefix', 'canWrite', 'mediaLibrary', 'createdAt', 'lastUsedAt', 'revokedAt'],
      properties: {
        tokenHash: hidden,
        // A JSON array that AdminJS would show flattened (an empty cell for a limited key): `projects` says it in words.
        projectIds: hidden,
        projects: { type: 'string', isSortable: false, isVisible: { list: true, show: true, edit: false, filter: false } },
        tokenPrefix: readOnly,
        lastUsedAt: readOnly,
        revokedAt: readOnly,
        createdAt: readOnly,
      },
      translations: {
        en: {
          labels: { api_keys: 'API keys' },
          properties: { projects: 'Projects', canWrite: 'Write access', mediaLibrary: 'Media library and tags', tokenPrefix: 'Token prefix' },
        },
      },
    },
    async decorate(records) {
      const found = await ApiKey.findAll({ where: { id: records.map((r) => String(r.id)) }, attributes: ['id', 'projectIds'] });
      const byId = new Map(found.map((key) => [key.id, key.projectIds]));
      for (const record of records) record.projects = projectsScope(byId.get(String(record.id)) ?? null);
    },
    actions: [
      {
        name: 'createApiKey',
        label: 'Create key',
        actionType: 'resource',
        icon: 'Key',
        fields: [
          { name: 'name', label: 'Name' },
          { name: 'projects', label: 'Projects (comma-separated; leave empty for a key to every project)' },
          { name: 'write', label: 'Write access (create, change and delete; without it the key only reads)', type: 'checkbox' },
          {
            name: 'mediaLibrary',
            label: 'Media library and tags (/api/media-assets and /api/tags, which belong to no project)',
            type: 'checkbox',
            checkedWhenEmpty: 'projects',
          },
        ],
        async run({ params }) {
          const name = typeof params.name === 'string' ? params.name.trim() : '';
          if (!name) throw InputError.field('name', 'is required');
          const projects = typeof params.projects === 'string' ? params.projects.split(',').map((p) => p.trim()).filter(Boolean) : [];
          const canWrite = flag(params.write) ?? false;
          const mediaLibrary = flag(params.mediaLibrary);
          const { token, key } = await keys.create({ name, projectIds: projects, canWrite, mediaLibrary });
          return { message: `Key "${key.name}" created. Copy the token now: it is not shown again.`, data: { token, key } };
        },
      },
      {
        name: 'revokeApiKey',
        label: 'Revoke',
        actionType: 'record',
        icon: 'Slash',
        guard: 'Requests with this key will be refused from now on.',
        isVisible: (record) => !record.revokedAt,
        async run({ recordId }) {
          const key = await keys.revoke(recordId!);
          return { message: `Key "${key.name}" revoked.`, data: key };
        },
      },
    ],
  };
}
