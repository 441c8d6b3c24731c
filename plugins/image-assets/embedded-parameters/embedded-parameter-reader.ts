import sharp from 'sharp';
import { injectable, WorkerTask } from '../../../src/index.ts';
import type { EmbeddedParameters } from './embedded-parameters.ts';
import type { EmbeddedParametersJob } from './embedded-parameters.worker.ts';
import { collectPngTextChunks } from './png-text-chunks.ts';

/** Bounds on what an upload's embedded text may cost: larger chunks are skipped, never parsed. */
export const EMBEDDED_LIMITS = {
  /** A text chunk (or its inflated text) over 4 MiB is ignored: real workflows are far smaller. */
  maxTextBytes: 4 * 1024 * 1024,
  maxChunks: 64,
  /** An EXIF block over this is ignored (JPEG's own segments stop at 64 KiB). */
  maxExifBytes: 1024 * 1024,
  timeoutMs: 10_000,
};

/**
 * Reads the generation parameters embedded in an uploaded image. The file is only walked here
 * (chunk headers, the EXIF block); decoding, inflating and parsing the text run on a worker
 * thread, so a hostile chunk costs that thread, never the event loop that serves other requests.
 */
@injectable()
export class EmbeddedParameterReader {
  private readonly task = new WorkerTask<EmbeddedParametersJob, EmbeddedParameters | null>(
    new URL('./embedded-parameters.worker.ts', import.meta.url),
    EMBEDDED_LIMITS.timeoutMs,
  );

  async read(bytes: Buffer, format: string): Promise<EmbeddedParameters | null> {
    const job: EmbeddedParametersJob = { chunks: [], maxTextBytes: EMBEDDED_LIMITS.maxTextBytes };
    if (format === 'png') {
      job.chunks = collectPngTextChunks(bytes, { maxChunkBytes: EMBEDDED_LIMITS.maxTextBytes, maxChunks: EMBEDDED_LIMITS.maxChunks });
    } else {
      const { exif } = await sharp(bytes).metadata();
      if (exif && exif.length <= EMBEDDED_LIMITS.maxExifBytes) job.exif = new Uint8Array(exif);
    }
    if (job.chunks.length === 0 && !job.exif) return null;
    // Parameters never fail an upload: a parser that fails or runs out of time means none were read.
    return this.task.run(job).catch(() => null);
  }

  stop(): Promise<void> {
    return this.task.stop();
  }
}
