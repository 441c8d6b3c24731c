import cliProgress from 'cli-progress';
import type { PluginCommand } from '../../src/index.ts';
import { STORAGE } from './tokens.ts';

const megabytes = (bytes: number) => `${(bytes / 1_048_576).toFixed(2)} MB`;

/** `npm run cli -- cleanup [--dry-run]`: the scheduled storage cleanup, now, with a progress bar. */
export const cleanupCommand: PluginCommand = {
  name: 'cleanup',
  description: 'remove unreferenced files past the grace period, their variants, and stored objects without a row',
  options: [{ flags: '--dry-run', description: 'report what would be removed, removing nothing', defaultValue: false }],
  async run({ container, options, print }) {
    const dryRun = Boolean(options.dryRun);
    const bar = new cliProgress.SingleBar({ format: 'cleanup [{bar}] {value}/{total} items', hideCursor: true }, cliProgress.Presets.shades_classic);
    let started = false;
    const report = await container.get(STORAGE.cleanup).run({
      dryRun,
      onProgress: (done, total) => {
        if (!started) {
          bar.start(total, done);
          started = true;
        }
        bar.setTotal(total);
        bar.update(done);
      },
    });
    if (started) bar.stop();
    const verb = dryRun ? 'would remove' : 'removed';
    for (const file of report.files) print(`${verb} file ${file.id} ${file.storageKey} (${file.size} bytes)`);
    for (const object of report.orphanObjects) print(`${verb} orphan object ${object.key} (${object.size} bytes)`);
    for (const error of report.errors) print(`error: ${error}`);
    print(
      `${dryRun ? 'Dry run: would remove' : 'Removed'} ${report.files.length} files, ${report.variants} variants and ` +
        `${report.orphanObjects.length} orphan objects, ${megabytes(report.bytes)} (${report.bytes} bytes); ${report.errors.length} errors.`,
    );
    if (report.errors.length > 0) process.exitCode = 1;
  },
};
