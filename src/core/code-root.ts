import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `npm start` runs JavaScript compiled once into .build/ (scripts/build.mjs); tests and the CLI run
 * the TypeScript sources through tsx. Code finds its siblings through CODE_ROOT (the repository or
 * .build/), and the project's own files (migrations, tsconfig.json, package.json) through REPO_ROOT.
 */
export const RUNNING_BUILT = import.meta.url.endsWith('.js');

export const CODE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function nearestPackageDir(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return from;
  }
}

export const REPO_ROOT = nearestPackageDir(CODE_ROOT);

/** A module's file name as it exists in the running code: `x.ts` in the sources, `x.js` once built. */
export function runningModule(fileName: string): string {
  return RUNNING_BUILT ? fileName.replace(/\.ts$/, '.js') : fileName;
}
