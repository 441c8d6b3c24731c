import type { PluginCommand } from '../../src/index.ts';
import { IMAGES } from './tokens.ts';

/** `npm run cli -- thumbnails [--asset <id>]`: remakes the stored thumbnail variants. */
export const thumbnailsCommand: PluginCommand = {
  name: 'thumbnails',
  description: 'regenerate asset thumbnails (every size, in avif, webp and the original format)',
  options: [{ flags: '--asset <id>', description: 'only this asset' }],
  async run({ container, options, print }) {
    const started = Date.now();
    const result = await container.get(IMAGES.thumbnails).regenerate({ assetId: options.asset as string | undefined });
    print(`Regenerated ${result.variants} thumbnail variants for ${result.assets} assets in ${Date.now() - started} ms.`);
  },
};
