import { register } from 'node:module';
import type { PluginHooksData } from './hooks.ts';
import { REPO_ROOT, RUNNING_BUILT, runningModule } from '../code-root.ts';

let registered = false;

/** Installs the plugin module hooks (hooks.ts) once per process, before the first external plugin loads. */
export function registerPluginHooks(): void {
  if (registered) return;
  registered = true;
  const data: PluginHooksData = {
    repoRoot: REPO_ROOT,
    sdkEntry: new URL(`../../${runningModule('index.ts')}`, import.meta.url).href,
    compileAll: RUNNING_BUILT,
  };
  register(`./${runningModule('hooks.ts')}`, import.meta.url, { data });
}
