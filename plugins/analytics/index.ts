import { definePlugin } from '../../src/index.ts';
import { analyticsModule } from './analytics.module.ts';
import { createStatsRoutes } from './stats.routes.ts';
import { ANALYTICS } from './tokens.ts';

/** Project and asset statistics over image assets and generations. */
export default definePlugin({
  id: 'analytics',
  dependsOn: ['image-assets'],
  containerModule: analyticsModule,
  init({ http, container }) {
    http.use(createStatsRoutes({ stats: container.get(ANALYTICS.stats) }));
  },
});
