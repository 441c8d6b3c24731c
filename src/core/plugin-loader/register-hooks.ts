import { register } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PluginHooksData } from './hooks.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
let registered = false;

/** Installs the plugin module hooks (hooks.ts) once per process, before the first external plugin loads. */
export function registerPluginHooks(): void {
  if (registered) return;
  registered = true;
  const data: PluginHooksData = { repoRoot: REPO_ROOT };
  register('./hooks.ts', import.meta.url, { data });
}
