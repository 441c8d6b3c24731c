/**
 * Module hooks (node:module register) for plugins that live outside this repository:
 * - `asset-forge` resolves to this package from any file, so a plugin anywhere shares the core's SDK
 *   (one copy of its classes: the typed errors and ApiRouter are the core's own);
 * - TypeScript outside the folders tsconfig.json includes is compiled with its compilerOptions:
 *   tsx applies them only to included files, so elsewhere `@inject` parameter decorators fail.
 * It runs on Node's hooks thread, so it imports nothing of the core.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadHook, ResolveHook } from 'node:module';
import { parseResolveFrom } from './resolve-from.ts';

export interface PluginHooksData {
  repoRoot: string;
  /** The SDK the running core was loaded from: its sources, or its build (.build/src/index.js). */
  sdkEntry: string;
  /** Built, there is no tsx: every TypeScript plugin file is compiled here, inside the repository too. */
  compileAll: boolean;
}

interface Esbuild {
  transform(source: string, options: Record<string, unknown>): Promise<{ code: string }>;
}

let sdkEntry = '';
let compileAll = false;
let includedDirs: string[] = [];
let compilerOptions: Record<string, unknown> = {};
let esbuild: Esbuild;

export function initialize(data: PluginHooksData): void {
  const { repoRoot } = data;
  sdkEntry = data.sdkEntry;
  compileAll = data.compileAll;
  const tsconfig = JSON.parse(fs.readFileSync(path.join(repoRoot, 'tsconfig.json'), 'utf8')) as {
    include?: string[];
    compilerOptions?: Record<string, unknown>;
  };
  includedDirs = (tsconfig.include ?? []).map((dir) => path.join(repoRoot, dir) + path.sep);
  compilerOptions = tsconfig.compilerOptions ?? {};
  esbuild = createRequire(import.meta.url)('esbuild') as Esbuild;
}

export const resolve: ResolveHook = (specifier, context, nextResolve) => {
  if (specifier === 'asset-forge') return { url: sdkEntry, shortCircuit: true };
  const from = parseResolveFrom(specifier);
  if (from) return nextResolve(from.specifier, { ...context, parentURL: from.parentURL });
  return nextResolve(specifier, context);
};

/** The TypeScript file behind a URL when nothing else will compile it. */
function toCompile(url: string): string | undefined {
  if (!url.startsWith('file:')) return undefined;
  const parsed = new URL(url);
  parsed.search = '';
  parsed.hash = '';
  const file = fileURLToPath(parsed);
  if (!/\.m?ts$/.test(file) || file.endsWith('.d.ts') || file.endsWith('.d.mts')) return undefined;
  return compileAll || !includedDirs.some((dir) => file.startsWith(dir)) ? file : undefined;
}

export const load: LoadHook = async (url, context, nextLoad) => {
  const file = toCompile(url);
  if (!file) return nextLoad(url, context);
  const { code } = await esbuild.transform(await fs.promises.readFile(file, 'utf8'), {
    loader: 'ts',
    format: 'esm',
    target: `node${process.versions.node}`,
    sourcefile: file,
    sourcemap: 'inline',
    keepNames: true,
    tsconfigRaw: { compilerOptions },
  });
  // Plugin sources are ES modules, whether or not a package.json says "type": "module".
  return { format: 'module', source: code, shortCircuit: true };
};
