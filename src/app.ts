import type { Express } from 'express';
import { Kernel, type KernelOptions } from './core/kernel.ts';

export interface CreatedApp {
  app: Express;
  kernel: Kernel;
}

/** Boots the kernel and answers the Express app. Used by main.ts and by the tests alike. */
export async function createApp(options: KernelOptions = {}): Promise<CreatedApp> {
  const kernel = new Kernel(options);
  await kernel.boot();
  return { app: kernel.http.app, kernel };
}
