import { z } from 'asset-forge';

export const helloQuery = z.object({
  // Lets a client (and the graceful-shutdown test) hold a request open for a while.
  delay_ms: z.coerce.number().int().min(0).max(5000).default(0),
});

export const helloResponse = z.object({
  message: z.string(),
  greetings: z.number().int(),
  heartbeats: z.number().int(),
});

export const greetBody = z.strictObject({ name: z.string().trim().min(1).max(100) });

export const greetingResponse = z.object({ id: z.uuid(), name: z.string(), created_at: z.iso.datetime() });
