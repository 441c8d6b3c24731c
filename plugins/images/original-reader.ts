import { read as readFd, ReadStream } from 'node:fs';
import type { Readable } from 'node:stream';

/** Node's ceiling for a readable's high-water mark: read(size) beyond it throws. */
const MAX_HIGH_WATER_MARK = 2 ** 30;
/** Originals up to this size are read into a kept buffer; larger ones get their own, freed after use. */
const MAX_KEPT_BYTES = 32 * 1024 * 1024;
/** What the kept buffers may hold together, however many slots there are. */
const KEPT_BUDGET_BYTES = 96 * 1024 * 1024;
const KEPT_GRANULE = 1024 * 1024;

export interface ReadOriginal {
  bytes: Buffer;
  /** Call once the transform reading `bytes` has ended: a kept buffer is then reused for the next original. */
  release(): void;
}

/**
 * Reads originals for transforms. A local file (an fs ReadStream over a descriptor) is read
 * straight into one of a few kept buffers, one per transform slot: a fresh multi-megabyte buffer per
 * transform is external memory to V8, and at tens of transforms a second it set off a full
 * mark-compact every few requests (the largest cost in the server beyond libvips itself).
 *
 * A kept buffer is handed to sharp and rewritten by a later transform, which is safe only because
 * the caller releases it after that transform has ended and sharp's operation cache is off
 * (configureSharp), so libvips keeps no reference to it.
 */
export class OriginalReader {
  private spare: Buffer[] = [];

  constructor(private readonly keep: number) {}

  async read(stream: Readable, size: number): Promise<ReadOriginal> {
    const fd = stream instanceof ReadStream ? (stream as ReadStream & { fd: unknown }).fd : undefined;
    if (typeof fd !== 'number' || !(size > 0) || size > MAX_KEPT_BYTES) return { bytes: await readWhole(stream, size), release: () => undefined };
    const kept = this.take(size);
    try {
      let at = 0;
      while (at < size) {
        const got = await new Promise<number>((resolve, reject) => readFd(fd, kept, at, size - at, at, (err, n) => (err ? reject(err) : resolve(n))));
        if (got === 0) break;
        at += got;
      }
      // As with a stream that ended early: sharp then refuses the truncated original.
      return { bytes: kept.subarray(0, at), release: () => this.give(kept) };
    } catch (err) {
      this.give(kept);
      throw err;
    } finally {
      // Closes the descriptor (the provider opened it with autoClose); the stream itself never read.
      stream.destroy();
    }
  }

  private take(size: number): Buffer {
    // The smallest that fits (the list is largest first).
    const at = this.spare.findLastIndex((b) => b.length >= size);
    if (at !== -1) return this.spare.splice(at, 1)[0];
    return Buffer.allocUnsafeSlow(Math.ceil(size / KEPT_GRANULE) * KEPT_GRANULE);
  }

  /** Keeps the largest few within the budget: a slot's buffer grows to the largest original it has met. */
  private give(buffer: Buffer): void {
    this.spare.push(buffer);
    this.spare.sort((a, b) => b.length - a.length);
    let kept = 0;
    this.spare = this.spare.filter((b, i) => i < this.keep && (kept += b.length) <= KEPT_BUDGET_BYTES);
  }
}

/**
 * Any other stream, whole, as one buffer. Asking read() for the full size first raises the
 * stream's high-water mark to it, so data arrives in few large chunks rather than 64 KiB ones
 * gathered into a Blob, then an ArrayBuffer, then a Buffer (what stream/consumers' buffer() does).
 */
export async function readWhole(stream: Readable, size: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  // Answers what is buffered when the stream has already ended (a small body may arrive whole).
  const first = size > 0 && size <= MAX_HIGH_WATER_MARK ? (stream.read(size) as Buffer | null) : null;
  if (first) chunks.push(first);
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
}
