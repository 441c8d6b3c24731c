import type { ServiceIdentifier } from '../../src/index.ts';
import type { AdminAccountService } from './admin-account.service.ts';
import type { LoginThrottle } from './login-throttle.ts';

export const ADMIN = {
  accounts: Symbol.for('admin.accounts') as ServiceIdentifier<AdminAccountService>,
  throttle: Symbol.for('admin.throttle') as ServiceIdentifier<LoginThrottle>,
};
