import { ContainerModule } from '../../src/index.ts';
import { OutboxWorker } from './outbox-worker.ts';
import { SearchEngineRegistry } from './search-engine-registry.ts';
import { SearchService } from './search.service.ts';
import { SEARCH } from './tokens.ts';

export const searchModule = new ContainerModule(({ bind }) => {
  bind(SEARCH.engines).toConstantValue(new SearchEngineRegistry());
  bind(SEARCH.service).to(SearchService).inSingletonScope();
  bind(SEARCH.outboxWorker).to(OutboxWorker).inSingletonScope();
});
