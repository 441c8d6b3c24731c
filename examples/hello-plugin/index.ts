import { definePlugin, z } from 'asset-forge';
import { helloModule } from './hello.module.ts';
import { defineGreetingModel } from './greeting.model.ts';
import { createHelloRoutes } from './hello.routes.ts';
import { HELLO } from './tokens.ts';

/**
 * An example third-party plugin. Load it with PLUGINS=./examples/hello-plugin.
 * It adds a route, a table (through its own migration), a cron job and a dashboard resource.
 */
export default definePlugin({
  id: 'hello',
  config: {
    schema: z.object({ greeting: z.string().min(1).max(50), heartbeatSchedule: z.string() }),
    defaults: { greeting: 'Hello', heartbeatSchedule: '*/5 * * * *' },
  },
  containerModule: helloModule,
  models: defineGreetingModel,
  migrations: new URL('./migrations', import.meta.url).pathname,
  init({ http, jobs, admin, container, config }) {
    const hello = container.get(HELLO.service);
    http.use(createHelloRoutes({ hello, greeting: config.greeting }));
    jobs.schedule({ name: 'hello.heartbeat', schedule: config.heartbeatSchedule, run: () => hello.beat() });
    admin.addResource({ resource: hello.model(), options: { navigation: { name: 'Hello' } } });
  },
});
