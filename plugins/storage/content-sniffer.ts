import { fileTypeFromBuffer, fileTypeFromStream } from 'file-type';
import type { Readable } from 'node:stream';

export interface SniffedType {
  ext: string;
  contentType: string;
}

/** How many leading bytes the sniffer looks at; the meter keeps this much of every upload. */
export const SNIFF_BYTES = 64 * 1024;

const SVG_WINDOW = 1024;

/** file-type names that we publish under another, canonical name. */
const RENAMED: Record<string, SniffedType> = {
  cfb: { ext: 'doc', contentType: 'application/msword' },
};

/**
 * Names the type from the bytes; the original name is only a hint for text formats (CSV).
 * `complete` says whether `head` holds the whole content, so text checks may trust the last line.
 * Returns null when the bytes match nothing we can name.
 */
export async function sniffContent(head: Buffer, complete: boolean, originalName?: string): Promise<SniffedType | null> {
  const detected = await fileTypeFromBuffer(head);
  if (detected && detected.ext !== 'xml') return RENAMED[detected.ext] ?? { ext: detected.ext, contentType: detected.mime };
  return sniffText(head, complete, originalName) ?? (detected ? { ext: detected.ext, contentType: detected.mime } : null);
}

/** A zip container seen in the head may be an Office document whose marker entry lies further in. */
export function needsFullSniff(type: SniffedType | null, headWasComplete: boolean): boolean {
  return type?.ext === 'zip' && !headWasComplete;
}

export async function sniffStream(stream: Readable): Promise<SniffedType | null> {
  const detected = await fileTypeFromStream(stream);
  return detected ? (RENAMED[detected.ext] ?? { ext: detected.ext, contentType: detected.mime }) : null;
}

function sniffText(head: Buffer, complete: boolean, originalName?: string): SniffedType | null {
  const text = decodeUtf8(head, complete);
  if (text === null || text.includes('\0')) return null;
  if (isSvg(text.slice(0, SVG_WINDOW))) return { ext: 'svg', contentType: 'image/svg+xml' };
  const namedCsv = /\.csv$/i.test(originalName ?? '');
  if (looksLikeCsv(text, complete, namedCsv)) return { ext: 'csv', contentType: 'text/csv' };
  if (text.trim().length > 0) return { ext: 'txt', contentType: 'text/plain' };
  return null;
}

/** Strict UTF-8, tolerating a multi-byte character cut by the end of an incomplete head. */
function decodeUtf8(bytes: Buffer, complete: boolean): string | null {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (let cut = 0; cut <= (complete ? 0 : 3) && cut < bytes.length; cut += 1) {
    try {
      return decoder.decode(bytes.subarray(0, bytes.length - cut));
    } catch {
      // try a shorter prefix
    }
  }
  return bytes.length === 0 ? '' : null;
}

const PROLOG = /^(?:\s+|<\?xml[^>]*\?>|<!--[\s\S]*?-->|<!DOCTYPE\s+svg[^>]*>)/i;

function isSvg(text: string): boolean {
  let rest = text.replace(/^\uFEFF/, '');
  for (let match = PROLOG.exec(rest); match && match[0].length > 0; match = PROLOG.exec(rest)) {
    rest = rest.slice(match[0].length);
  }
  return /^<svg[\s>/]/i.test(rest);
}

const DELIMITERS = [',', ';', '\t', '|'];

function looksLikeCsv(text: string, complete: boolean, namedCsv: boolean): boolean {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (!complete) lines.pop(); // the last line may be cut short
  const rows = lines.filter((line) => line.trim().length > 0);
  if (rows.length === 0) return false;
  if (namedCsv) return true;
  if (rows.length < 2) return false;
  return DELIMITERS.some((delimiter) => {
    const first = countOutsideQuotes(rows[0] as string, delimiter);
    return first > 0 && rows.every((row) => countOutsideQuotes(row, delimiter) === first);
  });
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let count = 0;
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (char === delimiter && !quoted) count += 1;
  }
  return count;
}
