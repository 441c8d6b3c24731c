import exifReader from 'exif-reader';

/**
 * Decodes an EXIF UserComment: 8 bytes naming the character code, then the text. Automatic1111
 * writes `UNICODE` with UTF-16 (big-endian, via piexif); other writers use ASCII or leave it undefined.
 */
export function decodeUserComment(value: Buffer): string {
  const code = value.subarray(0, 8).toString('latin1').replace(/\0+$/, '');
  const body = value.subarray(8);
  if (code === 'UNICODE') return decodeUtf16(body);
  return body.toString('utf8');
}

function decodeUtf16(body: Buffer): string {
  const even = body.length - (body.length % 2);
  let bom: 'le' | 'be' | null = null;
  if (body[0] === 0xff && body[1] === 0xfe) bom = 'le';
  if (body[0] === 0xfe && body[1] === 0xff) bom = 'be';
  let bigEndian = bom === 'be';
  if (!bom) {
    // Mostly-Latin text has its zero bytes first in big-endian order.
    let zerosFirst = 0;
    let zerosSecond = 0;
    for (let i = 0; i < even; i += 2) {
      if (body[i] === 0) zerosFirst += 1;
      if (body[i + 1] === 0) zerosSecond += 1;
    }
    bigEndian = zerosFirst >= zerosSecond;
  }
  const bytes = Buffer.from(body.subarray(bom ? 2 : 0, even));
  if (bigEndian) bytes.swap16();
  return bytes.toString('utf16le').replace(/\0+$/, '');
}

/** The UserComment text of an EXIF block, or undefined when there is none or the block is unreadable. */
export function exifUserComment(exif: Buffer | undefined): string | undefined {
  if (!exif) return undefined;
  try {
    const comment: unknown = exifReader(exif).Photo?.UserComment;
    if (Buffer.isBuffer(comment)) return decodeUserComment(comment);
    return typeof comment === 'string' ? comment : undefined;
  } catch {
    return undefined;
  }
}
