import type { PluginCommand } from '../../src/index.ts';
import { IMAGE_ASSETS } from './tokens.ts';

/** `npm run cli -- counters [--rebuild]`: checks the counts kept on write (list totals, tag counts, stats rollups) against a count of the records. */
export const countersCommand: PluginCommand = {
  name: 'counters',
  description: "verify the per-project counts kept on write (list totals, project tags, project stats), and rebuild them with --rebuild",
  options: [{ flags: '--rebuild', description: 'count every project again and store the counts' }],
  async run({ container, options, print }) {
    const counters = container.get(IMAGE_ASSETS.counters);
    if (options.rebuild) {
      await counters.rebuild();
      print('Rebuilt the project counters and stats rollups.');
    }
    const mismatches = await counters.verify();
    if (mismatches.length === 0) {
      print('Project counters and stats rollups match the records.');
      return;
    }
    for (const m of mismatches) {
      const what = m.tag_id ? ` tag ${m.tag_id}` : m.counter ? ` ${m.counter}` : '';
      print(`${m.project_id}${what}: ${m.stored} stored, ${m.counted} ${m.counter ? 'counted' : 'assets'}`);
    }
    print(`${mismatches.length} project counters differ; run with --rebuild to fix them.`);
    process.exitCode = 1;
  },
};
