import { ContainerModule } from 'asset-forge';
import { HelloService } from './hello.service.ts';
import { HELLO } from './tokens.ts';

export const helloModule = new ContainerModule(({ bind }) => {
  bind(HELLO.service).to(HelloService).inSingletonScope();
});
