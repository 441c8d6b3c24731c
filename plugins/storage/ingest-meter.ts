import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { PayloadTooLargeError } from '../../src/index.ts';

/**
 * Passes bytes through while hashing and counting them, keeps the first `headBytes` for type
 * sniffing, and fails the stream as soon as it exceeds `maxBytes` or the head check refuses it,
 * so a refused upload is not written out in full.
 */
export class IngestMeter extends Transform {
  private readonly hash = createHash('sha256');
  private readonly headChunks: Buffer[] = [];
  private headLength = 0;
  private headChecked = false;
  size = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly headBytes: number,
    private readonly checkHead: (head: Buffer, complete: boolean) => Promise<void>,
  ) {
    super();
  }

  get head(): Buffer {
    return Buffer.concat(this.headChunks, this.headLength);
  }

  digest(): string {
    return this.hash.digest('hex');
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) {
      callback(new PayloadTooLargeError(this.maxBytes));
      return;
    }
    this.hash.update(chunk);
    if (this.headLength < this.headBytes) {
      const part = chunk.subarray(0, this.headBytes - this.headLength);
      this.headChunks.push(part);
      this.headLength += part.length;
    }
    if (!this.headChecked && this.headLength >= this.headBytes) {
      this.headChecked = true;
      this.checkHead(this.head, false).then(() => callback(null, chunk), callback);
      return;
    }
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    if (this.headChecked) {
      callback();
      return;
    }
    this.headChecked = true;
    this.checkHead(this.head, true).then(() => callback(), callback);
  }
}
