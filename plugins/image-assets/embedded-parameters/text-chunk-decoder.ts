import { inflateSync } from 'node:zlib';
import type { RawTextChunk } from './png-text-chunks.ts';

export interface TextChunk {
  keyword: string;
  text: string;
}

/**
 * Decodes a PNG text chunk as the PNG specification defines it: tEXt is Latin-1, zTXt is
 * deflated Latin-1, iTXt is UTF-8 (optionally deflated). Inflating stops at `maxTextBytes`, so
 * a small chunk cannot expand into a huge string. Answers null for a malformed or oversized chunk.
 */
export function decodeTextChunk(chunk: RawTextChunk, maxTextBytes: number): TextChunk | null {
  const data = Buffer.from(chunk.data.buffer, chunk.data.byteOffset, chunk.data.byteLength);
  const nul = data.indexOf(0);
  if (nul < 1 || nul > 79) return null;
  const keyword = data.toString('latin1', 0, nul);
  try {
    switch (chunk.type) {
      case 'tEXt':
        return bounded(keyword, data.subarray(nul + 1), 'latin1', maxTextBytes);
      case 'zTXt':
        if (data[nul + 1] !== 0) return null;
        return bounded(keyword, inflate(data.subarray(nul + 2), maxTextBytes), 'latin1', maxTextBytes);
      case 'iTXt': {
        const compressed = data[nul + 1] === 1;
        if (compressed && data[nul + 2] !== 0) return null;
        const languageEnd = data.indexOf(0, nul + 3);
        const translatedEnd = languageEnd < 0 ? -1 : data.indexOf(0, languageEnd + 1);
        if (translatedEnd < 0) return null;
        const body = data.subarray(translatedEnd + 1);
        return bounded(keyword, compressed ? inflate(body, maxTextBytes) : body, 'utf8', maxTextBytes);
      }
    }
  } catch {
    // Corrupt deflate data, or text beyond the bound.
    return null;
  }
}

function inflate(data: Buffer, maxTextBytes: number): Buffer {
  return inflateSync(data, { maxOutputLength: maxTextBytes });
}

function bounded(keyword: string, bytes: Buffer, encoding: 'latin1' | 'utf8', maxTextBytes: number): TextChunk | null {
  if (bytes.length > maxTextBytes) return null;
  return { keyword, text: bytes.toString(encoding) };
}
