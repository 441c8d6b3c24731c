import type { ServiceIdentifier } from 'asset-forge';
import type { HelloService } from './hello.service.ts';

export const HELLO = {
  service: Symbol.for('hello.service') as ServiceIdentifier<HelloService>,
};
