const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const TEXT_TYPES = new Set(['tEXt', 'zTXt', 'iTXt']);

export type TextChunkType = 'tEXt' | 'zTXt' | 'iTXt';

export interface RawTextChunk {
  type: TextChunkType;
  data: Uint8Array;
}

export interface TextChunkLimits {
  /** A text chunk larger than this (compressed or not) is skipped unread. */
  maxChunkBytes: number;
  /** At most this many text chunks are kept. */
  maxChunks: number;
}

/**
 * The text chunks of a PNG, wherever they stand (before or after the image data), copied out of
 * the file so the rest can be freed. Walks chunk headers only: the cost is the number of chunks,
 * not the size of the image. A file that is not a PNG, or is cut short, yields what was found.
 */
export function collectPngTextChunks(png: Buffer, limits: TextChunkLimits): RawTextChunk[] {
  if (png.length < SIGNATURE.length || !png.subarray(0, SIGNATURE.length).equals(SIGNATURE)) return [];
  const found: RawTextChunk[] = [];
  let at = SIGNATURE.length;
  while (at + 12 <= png.length && found.length < limits.maxChunks) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const start = at + 8;
    const end = start + length;
    if (end + 4 > png.length) break;
    if (type === 'IEND') break;
    if (TEXT_TYPES.has(type) && length <= limits.maxChunkBytes) {
      found.push({ type: type as TextChunkType, data: new Uint8Array(png.subarray(start, end)) });
    }
    at = end + 4;
  }
  return found;
}
