import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AdminJS } from 'adminjs';
import { componentPaths, overridePaths } from './admin-components.ts';

// adminjs's `exports` hides package.json; its file sits next to the resolved entry point.
const ADMINJS_PACKAGE = path.join(path.dirname(fileURLToPath(import.meta.resolve('adminjs'))), 'package.json');

/** Where AdminJS reads its components bundle from (ADMIN_JS_TMP_DIR, `.adminjs` under the working directory by default). */
const bundleDir = () => path.resolve(process.env.ADMIN_JS_TMP_DIR ?? '.adminjs');
const bundleFile = () => path.join(bundleDir(), 'bundle.js');
const stampFile = () => path.join(bundleDir(), 'bundle.stamp');

/** What the bundle depends on: the component sources, AdminJS's version and NODE_ENV (minified or not). */
export async function bundleStamp(): Promise<string> {
  const hash = createHash('sha256');
  const adminVersion = JSON.parse(await fs.readFile(ADMINJS_PACKAGE, 'utf8')).version as string;
  hash.update(`adminjs ${adminVersion}\nNODE_ENV ${process.env.NODE_ENV ?? 'development'}\n`);
  for (const [name, file] of [...componentPaths(), ...overridePaths()]) hash.update(`${name}\n`).update(await fs.readFile(file));
  return hash.digest('hex');
}

export async function bundleIsFresh(): Promise<boolean> {
  try {
    const [stamp, expected] = await Promise.all([fs.readFile(stampFile(), 'utf8'), bundleStamp()]);
    await fs.access(bundleFile());
    return stamp.trim() === expected;
  } catch {
    return false;
  }
}

/**
 * Builds `.adminjs/bundle.js` from the registered components unless the cached one is current.
 * AdminJS serves that file as components.bundle.js; it would otherwise bundle on the first request
 * (or on every start with NODE_ENV=production), which takes many seconds.
 */
export async function ensureBundle(admin: AdminJS, options: { force?: boolean } = {}): Promise<'cached' | 'built'> {
  if (!options.force && (await bundleIsFresh())) return 'cached';
  // Several processes starting together (instances, test runs) build once: the others wait for it.
  await fs.mkdir(bundleDir(), { recursive: true });
  const lock = path.join(bundleDir(), 'build.lock');
  let held = false;
  for (let waited = 0; !held && waited < 120_000; waited += 200) {
    try {
      await (await fs.open(lock, 'wx')).close();
      held = true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (!options.force && (await bundleIsFresh())) return 'cached';
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    // Whoever held the lock before may just have built it.
    if (!options.force && (await bundleIsFresh())) return 'cached';
    return await build(admin);
  } finally {
    if (held) await fs.rm(lock, { force: true });
  }
}

async function build(admin: AdminJS): Promise<'built'> {
  // `adminjs/bundler` is exported by the package but ships no type declarations.
  const bundlerModule = 'adminjs/bundler';
  const { componentsBundler, generateUserComponentEntry } = (await import(bundlerModule)) as {
    componentsBundler: { createEntry(options: { content: string }): Promise<void>; build(): Promise<void> };
    generateUserComponentEntry(admin: AdminJS, dir: string): string;
  };
  const stamp = await bundleStamp();
  await componentsBundler.createEntry({ content: generateUserComponentEntry(admin, bundleDir()) });
  await componentsBundler.build();
  await fs.writeFile(stampFile(), `${stamp}\n`);
  return 'built';
}
