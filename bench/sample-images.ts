import sharp from 'sharp';

const SIDE = 1024;

/**
 * A 1024x1024 PNG that does not compress to nothing: a colour gradient (different per index)
 * under a layer of noise, as a generated picture would have fine detail.
 */
export async function sampleImage(index: number): Promise<Buffer> {
  const pixels = Buffer.alloc(SIDE * SIDE * 3);
  let seed = (index + 1) * 2654435761;
  const hueA = (index * 37) % 256;
  const hueB = (index * 91 + 80) % 256;
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      const noise = (seed >>> 24) % 48;
      const o = (y * SIDE + x) * 3;
      pixels[o] = (hueA + (x >> 2) + noise) & 255;
      pixels[o + 1] = (hueB + (y >> 2) + noise) & 255;
      pixels[o + 2] = (((x + y) >> 3) + noise) & 255;
    }
  }
  return sharp(pixels, { raw: { width: SIDE, height: SIDE, channels: 3 } }).png({ compressionLevel: 6 }).toBuffer();
}
