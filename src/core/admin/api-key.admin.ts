import { ApiKey } from '../auth/api-key.model.ts';
import type { ApiKeyService } from '../auth/api-key.service.ts';
import { InputError } from '../errors/errors.ts';
import type { AdminResourceEntry } from './admin-registry.ts';

const readOnly = { isVisible: { list: true, show: true, edit: false, filter: true } };
const hidden = { isVisible: false };

/**
 * API keys in the dashboard, through ApiKeyService: "Create key" shows the token once,
 * "Revoke" revokes; the hash is never shown and nothing is edited by hand.
 */
export function apiKeyAdminResource(keys: ApiKeyService): Omit<AdminResourceEntry, 'pluginId'> {
  return {
    resource: ApiKey,
    options: {
      navigation: { name: 'Access' },
      listProperties: ['name', 'tokenPrefix', 'projectIds', 'canWrite', 'mediaLibrary', 'createdAt', 'lastUsedAt', 'revokedAt'],
      properties: {
        tokenHash: hidden,
        tokenPrefix: readOnly,
        lastUsedAt: readOnly,
        revokedAt: readOnly,
        createdAt: readOnly,
      },
    },
    actions: [
      {
        name: 'createApiKey',
        label: 'Create key',
        actionType: 'resource',
        icon: 'Key',
        fields: [
          { name: 'name', label: 'Name' },
          { name: 'projects', label: 'Projects (comma-separated, empty for all)' },
          { name: 'write', label: 'Write access: yes or no' },
          { name: 'mediaLibrary', label: 'Media library and tags: yes or no (empty: yes for all projects, no for a limited key)' },
        ],
        async run({ params }) {
          const name = typeof params.name === 'string' ? params.name.trim() : '';
          if (!name) throw InputError.field('name', 'is required');
          const projects = typeof params.projects === 'string' ? params.projects.split(',').map((p) => p.trim()).filter(Boolean) : [];
          const canWrite = typeof params.write === 'string' && /^(y|yes|true|1)$/i.test(params.write.trim());
          const yesNo = typeof params.mediaLibrary === 'string' ? params.mediaLibrary.trim() : '';
          const mediaLibrary = yesNo === '' ? undefined : /^(y|yes|true|1)$/i.test(yesNo);
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
