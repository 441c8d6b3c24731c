import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Container } from 'inversify';
import { CODE_ROOT, runningModule } from '../code-root.ts';

export interface Seeder {
  name: string;
  run(container: Container, print: (line: string) => void): Promise<void>;
}

/**
 * Runs the seeders in `seeders/` (TypeScript modules default-exporting a Seeder), in file-name
 * order. They go through the plugins' services, so counters, files and search stay consistent.
 */
export async function runSeeders(container: Container, print: (line: string) => void): Promise<void> {
  const dir = path.join(CODE_ROOT, 'seeders');
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(runningModule('.ts'))).sort() : [];
  for (const file of files) {
    const seeder = ((await import(pathToFileURL(path.join(dir, file)).href)) as { default: Seeder }).default;
    print(`seeding: ${seeder.name}`);
    await seeder.run(container, print);
  }
  if (files.length === 0) print('No seeders found.');
}
