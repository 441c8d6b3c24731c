import type { AdminResourceEntry } from '../../src/index.ts';
import type { AdminAccountService } from './admin-account.service.ts';

/** Admin accounts: create with a password (hashed by the service), change a password, delete (never the last). */
export function adminAccountResource(accounts: AdminAccountService): Omit<AdminResourceEntry, 'pluginId'> {
  return {
    resource: accounts.model(),
    options: {
      navigation: { name: 'Access' },
      listProperties: ['email', 'createdAt', 'updatedAt'],
      showProperties: ['email', 'createdAt', 'updatedAt'],
      editProperties: ['email', 'password'],
      properties: {
        passwordHash: { isVisible: false },
        password: { type: 'password', isVisible: { list: false, show: false, edit: true, filter: false } },
      },
    },
    writes: {
      create: async (params) => ({ id: (await accounts.create({ email: String(params.email ?? ''), password: String(params.password ?? '') })).id }),
      update: async (id, params) => {
        if (typeof params.password === 'string' && params.password !== '') await accounts.setPassword(id, params.password);
      },
      remove: (id) => accounts.remove(id),
    },
  };
}
