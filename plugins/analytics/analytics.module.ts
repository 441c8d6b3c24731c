import { ContainerModule } from '../../src/index.ts';
import { StatsService } from './stats.service.ts';
import { ANALYTICS } from './tokens.ts';

export const analyticsModule = new ContainerModule(({ bind }) => {
  bind(ANALYTICS.stats).to(StatsService).inSingletonScope();
});
