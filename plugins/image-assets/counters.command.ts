import type { PluginCommand } from '../../src/index.ts';
import { IMAGE_ASSETS } from './tokens.ts';

/** `npm run cli -- counters [--rebuild]`: checks each project's stored asset count against a count of its assets. */
export const countersCommand: PluginCommand = {
  name: 'counters',
  description: "verify the stored per-project asset and per-tag counts (list totals, project tags), and rebuild them with --rebuild",
  options: [{ flags: '--rebuild', description: 'count every project again and store the counts' }],
  async run({ container, options, print }) {
    const counters = container.get(IMAGE_ASSETS.counters);
    if (options.rebuild) {
      await counters.rebuild();
      print('Rebuilt the project asset counters.');
    }
    const mismatches = await counters.verify();
    if (mismatches.length === 0) {
      print('Project asset counters match the assets.');
      return;
    }
    for (const m of mismatches) print(`${m.project_id}${m.tag_id ? ` tag ${m.tag_id}` : ''}: ${m.stored} stored, ${m.counted} assets`);
    print(`${mismatches.length} project counters differ; run with --rebuild to fix them.`);
    process.exitCode = 1;
  },
};
