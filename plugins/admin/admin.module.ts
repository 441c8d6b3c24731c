import { ContainerModule } from '../../src/index.ts';
import { AdminAccountService } from './admin-account.service.ts';
import { LoginThrottle } from './login-throttle.ts';
import { ADMIN } from './tokens.ts';

export const adminModule = new ContainerModule(({ bind }) => {
  bind(ADMIN.accounts).to(AdminAccountService).inSingletonScope();
  bind(ADMIN.throttle).to(LoginThrottle).inSingletonScope();
});
