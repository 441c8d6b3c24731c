import cliProgress from 'cli-progress';
import type { PluginCommand } from '../../src/index.ts';
import { SEARCH } from './tokens.ts';

/** `npm run cli -- reindex [--index name]`: rebuilds search indexes from the database, with a progress bar. */
export const reindexCommand: PluginCommand = {
  name: 'reindex',
  description: 'rebuild search indexes from the database (a fresh index is swapped in when full)',
  options: [{ flags: '--index <name>', description: 'only this index' }],
  async run({ container, options, print }) {
    const search = container.get(SEARCH.service);
    if (search.engine.inProcess) {
      print(`The ${search.engine.name} engine lives inside each server process and is rebuilt at every start;`);
      print('this rebuild checks the data and measures the time, and running servers keep their own index.');
    }
    const bar = new cliProgress.SingleBar(
      { format: '{index} [{bar}] {value}/{total} documents', hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    let barIndex: string | undefined;
    const report = await search.rebuild({
      indexName: options.index as string | undefined,
      onProgress: ({ indexName, done, total }) => {
        if (barIndex !== indexName) {
          if (barIndex) bar.stop();
          bar.start(total ?? done, 0, { index: indexName });
          barIndex = indexName;
        }
        if (total === null || done > total) bar.setTotal(done);
        bar.update(done);
      },
    });
    if (barIndex) bar.stop();
    for (const entry of report) print(`Rebuilt ${entry.indexName}: ${entry.documents} documents in ${entry.ms} ms (${search.engine.name}).`);
    if (report.length === 0) print('No search indexes are defined.');
  },
};
