import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { pngChunk } from '../storage/fixtures.ts';

export async function solidImage(format: 'png' | 'jpg' | 'webp', width: number, height: number, colour = '#3366ff'): Promise<Buffer> {
  const image = sharp({ create: { width, height, channels: 3, background: colour } });
  return (format === 'png' ? image.png() : format === 'jpg' ? image.jpeg() : image.webp()).toBuffer();
}

/** Noise compresses badly, so half of the file is still most of the pixel data: cutting it truncates the image. */
export async function noisyImage(format: 'png' | 'jpg', side = 300): Promise<Buffer> {
  const image = sharp({ create: { width: side, height: side, channels: 3, background: '#000000', noise: { type: 'gaussian', mean: 128, sigma: 40 } } });
  return (format === 'png' ? image.png() : image.jpeg()).toBuffer();
}

/** A tEXt chunk for Latin-1 text, otherwise an iTXt chunk (UTF-8), as PIL's PngInfo writes them. */
function textChunk(keyword: string, text: string): Buffer {
  if (/^[\x00-\xff]*$/.test(text)) return pngChunk('tEXt', Buffer.concat([Buffer.from(`${keyword}\0`, 'latin1'), Buffer.from(text, 'latin1')]));
  return pngChunk('iTXt', Buffer.concat([Buffer.from(`${keyword}\0\0\0\0\0`, 'latin1'), Buffer.from(text, 'utf8')]));
}

/** A PNG made by sharp with these text chunks written right after its IHDR (8-byte signature + 25-byte IHDR). */
export async function pngWithText(chunks: Record<string, string>, colour = '#224466', compressed: string[] = []): Promise<Buffer> {
  const png = await solidImage('png', 16, 12, colour);
  const extra = Object.entries(chunks).map(([keyword, text]) =>
    compressed.includes(keyword)
      ? pngChunk('zTXt', Buffer.concat([Buffer.from(`${keyword}\0\0`, 'latin1'), deflateSync(Buffer.from(text, 'latin1'))]))
      : textChunk(keyword, text),
  );
  return Buffer.concat([png.subarray(0, 33), ...extra, png.subarray(33)]);
}

/** A JPEG or WebP whose EXIF UserComment holds this text (sharp writes it with the ASCII character code). */
export async function withUserComment(format: 'jpg' | 'webp', comment: string): Promise<Buffer> {
  const image = sharp({ create: { width: 16, height: 12, channels: 3, background: '#446622' } });
  return (format === 'jpg' ? image.jpeg() : image.webp()).withExif({ IFD2: { UserComment: comment } }).toBuffer();
}
