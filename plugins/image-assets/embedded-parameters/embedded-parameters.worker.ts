import { serveWorkerTask } from '../../../src/index.ts';
import type { EmbeddedParameters } from './embedded-parameters.ts';
import type { RawTextChunk } from './png-text-chunks.ts';
import { readEmbeddedParameters } from './read-embedded-parameters.ts';
import { decodeTextChunk, type TextChunk } from './text-chunk-decoder.ts';

export interface EmbeddedParametersJob {
  chunks: RawTextChunk[];
  exif?: Uint8Array;
  maxTextBytes: number;
}

serveWorkerTask<EmbeddedParametersJob, EmbeddedParameters | null>(({ chunks, exif, maxTextBytes }) => {
  const texts = chunks.map((chunk) => decodeTextChunk(chunk, maxTextBytes)).filter((text): text is TextChunk => text !== null);
  return readEmbeddedParameters({ texts, exif: exif ? Buffer.from(exif.buffer, exif.byteOffset, exif.byteLength) : undefined });
});
