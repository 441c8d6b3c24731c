import type { ServiceIdentifier } from '../../src/index.ts';
import type { StatsService } from './stats.service.ts';

export const ANALYTICS = {
  stats: Symbol.for('analytics.stats') as ServiceIdentifier<StatsService>,
};
