import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AnyPlugin } from './define-plugin.ts';
import { registerPluginHooks } from './plugin-loader/register-hooks.ts';
import { resolveFromSpecifier } from './plugin-loader/resolve-from.ts';

function isPlugin(value: unknown): value is AnyPlugin {
  return typeof value === 'object' && value !== null && typeof (value as AnyPlugin).id === 'string';
}

async function importPlugin(specifier: string, label: string): Promise<AnyPlugin> {
  let loaded: { default?: unknown };
  try {
    loaded = (await import(specifier)) as { default?: unknown };
  } catch (err) {
    throw new Error(`${label}: could not load the plugin: ${(err as Error).message}`);
  }
  if (!isPlugin(loaded.default)) {
    throw new Error(`${label}: the module has no default export made with definePlugin({ id, ... }).`);
  }
  return loaded.default;
}

function entryFile(dir: string): string | undefined {
  return ['index.ts', 'index.js', 'index.mjs'].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
}

/** Every folder under `plugins/` with an index file is a built-in plugin. */
export async function discoverBuiltinPlugins(pluginsDir: string): Promise<AnyPlugin[]> {
  if (!fs.existsSync(pluginsDir)) return [];
  const folders = fs
    .readdirSync(pluginsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  const plugins: AnyPlugin[] = [];
  for (const folder of folders) {
    const entry = entryFile(path.join(pluginsDir, folder));
    if (entry) plugins.push(await importPlugin(pathToFileURL(entry).href, `plugins/${folder}`));
  }
  return plugins;
}

/** Loads the plugins named in PLUGINS: package names, or paths relative to the working directory. */
export async function loadExternalPlugins(specs: string[], cwd = process.cwd()): Promise<AnyPlugin[]> {
  if (specs.length) registerPluginHooks();
  const plugins: AnyPlugin[] = [];
  for (const spec of specs) {
    const label = `PLUGINS entry "${spec}"`;
    const looksLikePath = spec.startsWith('.') || spec.startsWith('/') || spec.includes(path.sep);
    if (!looksLikePath) {
      plugins.push(await importPlugin(resolveFromSpecifier(spec, pathToFileURL(path.join(cwd, path.sep)).href), label));
      continue;
    }
    const resolved = path.resolve(cwd, spec);
    const target = fs.existsSync(resolved) && fs.statSync(resolved).isDirectory() ? entryFile(resolved) : resolved;
    if (!target || !fs.existsSync(target)) throw new Error(`${label}: no plugin found at ${resolved}.`);
    plugins.push(await importPlugin(pathToFileURL(target).href, label));
  }
  return plugins;
}
