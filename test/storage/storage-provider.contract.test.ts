import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { expect } from 'chai';
import { NotFoundError } from '../../src/index.ts';
import type { StorageProvider } from '../../plugins/storage/tokens.ts';
import { LocalStorageProvider } from '../../plugins/storage-local/local-storage.provider.ts';
import { S3StorageProvider } from '../../plugins/storage-s3/s3-storage.provider.ts';
import { startS3Server } from './storage-backends.ts';

interface Backend {
  name: string;
  start(): Promise<{ provider: StorageProvider; stop(): Promise<void> }>;
}

const backends: Backend[] = [
  {
    name: 'storage-local',
    async start() {
      const root = await fs.mkdtemp(path.join(os.tmpdir(), 'af-local-'));
      return { provider: new LocalStorageProvider(root), stop: () => fs.rm(root, { recursive: true, force: true }) };
    },
  },
  {
    name: 'storage-s3 (s3rver)',
    async start() {
      const server = await startS3Server();
      const provider = new S3StorageProvider(server.settings);
      return {
        provider,
        async stop() {
          provider.destroy();
          await server.stop();
        },
      };
    },
  },
];

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function keys(provider: StorageProvider, prefix = ''): Promise<string[]> {
  const found: string[] = [];
  for await (const object of provider.list(prefix)) found.push(object.key);
  return found.sort();
}

/** A stream that yields some bytes, then fails as an aborted upload would. */
function failingStream(bytes: number): Readable {
  let sent = false;
  return new Readable({
    read() {
      if (!sent) {
        sent = true;
        this.push(randomBytes(bytes));
      } else {
        this.destroy(new Error('client went away'));
      }
    },
  });
}

for (const backend of backends) {
  describe(`StorageProvider contract: ${backend.name}`, () => {
    let provider: StorageProvider;
    let stop: () => Promise<void>;

    beforeEach(async () => {
      ({ provider, stop } = await backend.start());
    });
    afterEach(async () => stop());

    it('stores a stream and reads it back whole, reporting the bytes written', async () => {
      const bytes = randomBytes(70_000);
      expect(await provider.put('files/aa/bb/one', Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)]))).to.equal(70_000);
      expect((await readAll(await provider.get('files/aa/bb/one'))).equals(bytes)).to.equal(true);
    });

    it('reads an inclusive byte range', async () => {
      await provider.put('files/range', Readable.from([Buffer.from('0123456789')]));
      expect((await readAll(await provider.get('files/range', { start: 2, end: 5 }))).toString()).to.equal('2345');
      expect((await readAll(await provider.get('files/range', { start: 9, end: 9 }))).toString()).to.equal('9');
    });

    it('answers exists, and rejects a missing object with NotFoundError', async () => {
      expect(await provider.exists('files/missing')).to.equal(false);
      await provider.put('files/present', Readable.from([Buffer.from('x')]));
      expect(await provider.exists('files/present')).to.equal(true);
      const error = await provider.get('files/missing').then(() => null, (err: unknown) => err);
      expect(error).to.be.instanceOf(NotFoundError);
    });

    it('deletes an object, and deleting a missing one is not an error', async () => {
      await provider.put('files/gone', Readable.from([Buffer.from('bye')]));
      await provider.delete('files/gone');
      expect(await provider.exists('files/gone')).to.equal(false);
      await provider.delete('files/never-was');
    });

    it('moves a finished temporary object to its final key', async () => {
      await provider.put('tmp/upload-1', Readable.from([Buffer.from('published')]));
      await provider.move('tmp/upload-1', 'files/final');
      expect(await provider.exists('tmp/upload-1')).to.equal(false);
      expect((await readAll(await provider.get('files/final'))).toString()).to.equal('published');
    });

    it('lists the objects under a prefix with their size and modification time', async () => {
      await provider.put('files/a/1', Readable.from([Buffer.from('abc')]));
      await provider.put('files/b/2', Readable.from([Buffer.from('abcdef')]));
      await provider.put('tmp/3', Readable.from([Buffer.from('z')]));
      const listed = [];
      for await (const object of provider.list('files/')) listed.push(object);
      listed.sort((a, b) => a.key.localeCompare(b.key));
      expect(listed.map((o) => [o.key, o.size])).to.deep.equal([
        ['files/a/1', 3],
        ['files/b/2', 6],
      ]);
      for (const object of listed) expect(object.lastModified).to.be.instanceOf(Date);
      expect(await keys(provider)).to.deep.equal(['files/a/1', 'files/b/2', 'tmp/3']);
    });

    it('leaves nothing behind when the source stream fails part-way', async () => {
      const error = await provider.put('tmp/broken', failingStream(20_000)).then(() => null, (err: unknown) => err);
      expect((error as Error).message).to.match(/client went away/);
      expect(await keys(provider)).to.deep.equal([]);
    });

    it('stores an object larger than one multipart part', async function () {
      this.timeout(60_000);
      const bytes = randomBytes(9 * 1024 * 1024);
      const chunks = Array.from({ length: 9 }, (_, i) => bytes.subarray(i * 1024 * 1024, (i + 1) * 1024 * 1024));
      expect(await provider.put('files/large', Readable.from(chunks))).to.equal(bytes.length);
      expect((await readAll(await provider.get('files/large'))).equals(bytes)).to.equal(true);
    });

    it('refuses keys that could escape its root', async () => {
      for (const key of ['../evil', '/abs', 'files/../../x', 'files//x']) {
        const error = await provider.put(key, Readable.from([Buffer.from('x')])).then(() => null, (err: unknown) => err);
        expect(error, key).to.be.instanceOf(Error);
      }
    });

    it('reports healthy when it can be reached', async () => {
      await provider.health();
    });
  });
}

describe('StorageProvider contract: storage-s3 health', () => {
  it('fails the health check when the bucket does not exist', async () => {
    const server = await startS3Server();
    const provider = new S3StorageProvider({ ...server.settings, bucket: 'no-such-bucket' });
    try {
      const error = await provider.health().then(() => null, (err: unknown) => err);
      expect(error).to.be.instanceOf(Error);
    } finally {
      provider.destroy();
      await server.stop();
    }
  });
});
