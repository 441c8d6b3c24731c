/**
 * How many variants of one image may be stored from free-form requests (IMAGE_VARIANTS_PER_IMAGE).
 * Past it a request is still answered, with a variant made for it and not kept: the spec promises
 * the exact width and height asked for, so sizes cannot be rounded to a few buckets, and this is
 * what keeps a client from storing a variant of every integer. A slot is reserved before the
 * stored ones are counted, so concurrent requests in this process never store more than the limit;
 * instances counting at once may each store one more.
 */
export class PerImageLimit {
  private readonly reserved = new Map<string, number>();

  constructor(
    private readonly limit: number,
    private readonly countStored: (fileId: string) => Promise<number>,
  ) {}

  /** A release to call once the variant is stored (or failed to be), or null when this image has no room left. */
  async reserve(fileId: string): Promise<(() => void) | null> {
    if (this.limit === 0) return () => undefined;
    this.reserved.set(fileId, (this.reserved.get(fileId) ?? 0) + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const left = (this.reserved.get(fileId) ?? 1) - 1;
      if (left === 0) this.reserved.delete(fileId);
      else this.reserved.set(fileId, left);
    };
    try {
      // Our own reservation is among `reserved`; a stored variant may be counted twice (both): never too many.
      if ((await this.countStored(fileId)) + (this.reserved.get(fileId) ?? 0) <= this.limit) return release;
    } catch (err) {
      release();
      throw err;
    }
    release();
    return null;
  }
}
