import { setTimeout as sleep } from 'node:timers/promises';
import { ApiRouter, assertProjectAccess, z } from 'asset-forge';
import type { HelloService } from './hello.service.ts';
import { greetBody, greetingResponse, helloQuery, helloResponse } from './hello.schemas.ts';

export function createHelloRoutes({ hello, greeting }: { hello: HelloService; greeting: string }): ApiRouter {
  return new ApiRouter()
    .route(
      {
        method: 'get',
        path: '/api/hello',
        summary: 'Say hello',
        tags: ['hello (example plugin)'],
        query: helloQuery,
        responses: { 200: { description: 'A greeting and counters', schema: helloResponse } },
      },
      async ({ query, principal }) => {
        if (query.delay_ms > 0) await sleep(query.delay_ms);
        return { message: `${greeting}, ${principal.name}!`, greetings: await hello.count(), heartbeats: hello.heartbeatCount() };
      },
    )
    .route(
      {
        method: 'post',
        path: '/api/hello/greetings',
        summary: 'Record a greeting',
        tags: ['hello (example plugin)'],
        body: greetBody,
        responses: { 201: { description: 'The stored greeting', schema: greetingResponse } },
      },
      async ({ body }) => hello.greet(body.name),
    )
    .route(
      {
        method: 'get',
        path: '/api/hello/projects/:project_id',
        summary: 'Greet a project (shows project scoping: other projects answer 404)',
        tags: ['hello (example plugin)'],
        params: z.object({ project_id: z.string().min(1).max(100) }),
        responses: { 200: { description: 'A greeting for the project', schema: z.object({ message: z.string() }) } },
      },
      ({ params, principal }) => {
        assertProjectAccess(principal, params.project_id);
        return { message: `${greeting}, project ${params.project_id}!` };
      },
    );
}
