import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { createMigrator } from '../../src/core/db/migrator.ts';
import { ADMIN_AUTH, createTestApp, type TestApp } from '../helpers/create-test-app.ts';
import { getAsset, scopedAuth } from '../image-assets/helpers.ts';
import { startS3Server, type S3Server } from '../storage/storage-backends.ts';
import { gifImage, pdfOfSize, pngBomb } from '../storage/fixtures.ts';
import { noisyImage, solidImage } from './image-fixtures.ts';
import { drivers, fileRows, getGeneration, newGeneration, storageSnapshot, until, upload, UPLOAD_LIMIT } from './upload-helpers.ts';
import { linkPath, TEST_ORIGIN } from '../helpers/links.ts';

for (const driver of drivers) {
  describe(`generation uploads (storage driver ${driver.name})`, () => {
    let s3: S3Server | undefined;
    let t: TestApp;

    before(async () => {
      s3 = driver.s3 ? await startS3Server() : undefined;
      t = await createTestApp({
        plugins: ['image-assets', 'images', driver.plugin],
        env: s3?.env ?? {},
        config: { 'image-assets': { uploadMaxBytes: UPLOAD_LIMIT } },
      });
    });
    after(async () => {
      await t?.stop();
      await s3?.stop();
    });

    for (const format of ['png', 'jpg', 'webp'] as const) {
      it(`stores a ${format} image and updates the generation and its asset`, async () => {
        const { asset, generation } = await newGeneration(t);
        const bytes = await solidImage(format, 64, 48, format === 'png' ? '#102030' : format === 'jpg' ? '#203040' : '#304050');
        const res = await upload(t, generation.id, bytes, `image.${format}`);
        expect(res.status, res.text).to.equal(201);
        expect(res.body).to.have.all.keys('image_path', 'image_url', 'file_size', 'dimensions', 'format');
        expect(res.body).to.deep.include({ file_size: bytes.length, dimensions: { width: 64, height: 48 }, format });
        const [row] = (await fileRows(t)).filter((r) => r.size === bytes.length && res.body.image_path === `images/${r.id}.${format}`);
        expect(row, 'a files row at image_path').to.exist;
        expect(row?.ref_count).to.equal(1);
        expect(res.body.image_url).to.match(new RegExp(`^${TEST_ORIGIN}/api/v1/files/images/${row?.id}\\?`));

        const stored = await getGeneration(t, generation.id);
        expect(stored).to.deep.include({
          image_path: res.body.image_path,
          file_size: bytes.length,
          dimensions: { width: 64, height: 48 },
          format,
          // The status follows the generator's own reports, not the upload.
          status: 'pending',
        });
        // Signed URLs carry their own expiry, so only the path must match.
        expect(String(stored.image_url).split('?')[0]).to.equal(String(res.body.image_url).split('?')[0]);
        // image_url works as it is, without a bearer token (an <img> tag), and serves the uploaded bytes.
        const served = await t.request.get(linkPath(res.body.image_url)).buffer(true).parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        });
        expect(served.status, String(served.text)).to.equal(200);
        expect((served.body as Buffer).equals(bytes)).to.equal(true);
        expect((await getAsset(t, asset.id)).file_size).to.equal(bytes.length);
      });
    }

    it('refuses GIF, PDF and text with 415, keeping nothing and leaving the generation unchanged', async () => {
      const { generation } = await newGeneration(t);
      const before = await storageSnapshot(t);
      for (const [bytes, name] of [
        [await gifImage(), 'anim.png'],
        [pdfOfSize(3000), 'doc.png'],
        [Buffer.from('just some words\n'), 'notes.png'],
      ] as const) {
        const res = await upload(t, generation.id, bytes, name);
        expect(res.status, `${name}: ${res.text}`).to.equal(415);
        expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
      }
      expect(await storageSnapshot(t)).to.deep.equal(before);
      expect((await getGeneration(t, generation.id)).image_path).to.equal(null);
    });

    it('refuses a file over the configured size with 413, keeping nothing', async () => {
      const { generation } = await newGeneration(t);
      const big = await noisyImage('png', 400);
      expect(big.length).to.be.above(UPLOAD_LIMIT);
      const before = await storageSnapshot(t);
      const res = await upload(t, generation.id, big, 'big.png');
      expect(res.status, res.text).to.equal(413);
      expect(await storageSnapshot(t)).to.deep.equal(before);
    });

    it('answers 400 naming `file` when there is no file part', async () => {
      const { generation } = await newGeneration(t);
      const res = await t.request.post(`/api/v1/generations/${generation.id}/upload`).set('Authorization', ADMIN_AUTH).field('note', 'no file');
      expect(res.status).to.equal(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).to.include('file');
    });

    it('answers 404 for unknown generations and other projects’ generations, 403 for a read-only token, storing nothing', async () => {
      const { generation } = await newGeneration(t, 'upload-secret');
      const png = await solidImage('png', 8, 8, '#abcdef');
      const before = await storageSnapshot(t);
      expect((await upload(t, '00000000-0000-4000-8000-000000000000', png)).status).to.equal(404);
      expect((await upload(t, 'not-a-uuid', png)).status).to.equal(404);
      expect((await upload(t, generation.id, png, 'x.png', await scopedAuth(t, ['upload-other']))).status).to.equal(404);
      expect((await upload(t, generation.id, png, 'x.png', await scopedAuth(t, ['upload-secret'], false))).status).to.equal(403);
      expect(await storageSnapshot(t)).to.deep.equal(before);
      const allowed = await upload(t, generation.id, png, 'x.png', await scopedAuth(t, ['upload-secret']));
      expect(allowed.status, allowed.text).to.equal(201);
    });

    it('refuses a decompression bomb (20000x20000 PNG of a few KB) with 422 before decoding it', async () => {
      const { generation } = await newGeneration(t);
      const bomb = pngBomb();
      expect(bomb.length).to.be.below(UPLOAD_LIMIT);
      const before = await storageSnapshot(t);
      const res = await upload(t, generation.id, bomb, 'bomb.png');
      expect(res.status, res.text).to.equal(422);
      expect(await storageSnapshot(t)).to.deep.equal(before);
    });

    it('refuses truncated PNG and JPEG images (valid header, cut data) with 422, keeping nothing', async () => {
      const { generation } = await newGeneration(t);
      const before = await storageSnapshot(t);
      for (const format of ['png', 'jpg'] as const) {
        const whole = await noisyImage(format, 200);
        const cut = whole.subarray(0, Math.floor(whole.length / 2));
        const res = await upload(t, generation.id, cut, `cut.${format}`);
        expect(res.status, `${format}: ${res.text}`).to.equal(422);
        expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
      }
      expect(await storageSnapshot(t)).to.deep.equal(before);
      expect((await getGeneration(t, generation.id)).file_size).to.equal(null);
    });

    it('stores the same bytes uploaded to two generations once, referenced twice', async () => {
      const a = await newGeneration(t);
      const b = await newGeneration(t);
      const png = await solidImage('png', 20, 20, '#0f0f0f');
      const first = await upload(t, a.generation.id, png);
      const second = await upload(t, b.generation.id, png);
      expect(first.status).to.equal(201);
      expect(second.status).to.equal(201);
      expect(second.body.image_path).to.equal(first.body.image_path);
      const rows = (await fileRows(t)).filter((r) => first.body.image_path === `images/${r.id}.png`);
      expect(rows).to.have.length(1);
      expect(rows[0]?.ref_count).to.equal(2);
      expect((await storageSnapshot(t)).objects.filter((key) => key === rows[0]?.storage_key)).to.have.length(1);
    });

    it('renames image paths that showed storage keys when the migration runs', async () => {
      const { generation } = await newGeneration(t);
      const res = await upload(t, generation.id, await solidImage('webp', 12, 12, '#123123'), 'old.webp');
      const row = (await fileRows(t)).find((r) => res.body.image_path === `images/${r.id}.webp`);
      const sequelize = t.kernel.sequelize;
      await sequelize.query('UPDATE image_generations SET image_path = :key WHERE id = :id', { replacements: { key: row?.storage_key, id: generation.id } });
      expect((await getGeneration(t, generation.id)).image_path).to.equal(row?.storage_key);
      const migrator = createMigrator(sequelize, t.kernel.migrationFolders());
      await migrator.down({ to: '0910-generations-public-image-path.cjs' });
      await migrator.up();
      expect((await getGeneration(t, generation.id)).image_path).to.equal(`images/${row?.id}.webp`);
    });

    it('replaces an earlier image: the old file is released, the new one referenced, file_size follows', async () => {
      const { asset, generation } = await newGeneration(t);
      const old = await solidImage('png', 30, 30, '#aa0000');
      const fresh = await solidImage('jpg', 40, 20, '#00aa00');
      const first = await upload(t, generation.id, old);
      const second = await upload(t, generation.id, fresh);
      expect(second.status, second.text).to.equal(201);
      expect(second.body).to.deep.include({ format: 'jpg', dimensions: { width: 40, height: 20 }, file_size: fresh.length });
      const rows = await fileRows(t);
      const oldRow = rows.find((r) => first.body.image_path === `images/${r.id}.png`);
      const newRow = rows.find((r) => second.body.image_path === `images/${r.id}.jpg`);
      expect(oldRow?.ref_count).to.equal(0);
      expect(oldRow?.unreferenced_at).to.not.equal(null);
      expect(newRow?.ref_count).to.equal(1);
      expect((await getAsset(t, asset.id)).file_size).to.equal(fresh.length);
      // The same image again changes nothing.
      expect((await upload(t, generation.id, fresh)).status).to.equal(201);
      expect((await fileRows(t)).find((r) => second.body.image_path === `images/${r.id}.jpg`)?.ref_count).to.equal(1);
    });

    it('leaves no row, no object and an unchanged generation when the client aborts mid-upload', async () => {
      const { generation } = await newGeneration(t);
      const before = await storageSnapshot(t);
      const server = t.app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      try {
        const { port } = server.address() as AddressInfo;
        const seen = new Promise<net.Socket>((resolve) => server.once('request', (req) => resolve(req.socket)));
        const image = await noisyImage('png', 250);
        const boundary = 'abort-boundary';
        const head = Buffer.from(
          `POST /api/v1/generations/${generation.id}/upload HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${ADMIN_AUTH}\r\n` +
            `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${image.length + 400}\r\n\r\n` +
            `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="half.png"\r\nContent-Type: image/png\r\n\r\n`,
        );
        const partial = Buffer.concat([head, image.subarray(0, Math.floor(image.length / 2))]);
        const client = net.connect(port, '127.0.0.1');
        client.on('error', () => undefined);
        client.write(partial);
        const socket = await seen;
        await until('the server read the partial upload', async () => socket.bytesRead >= partial.length);
        client.destroy();
        await until('nothing is left of the aborted upload', async () => JSON.stringify(await storageSnapshot(t)) === JSON.stringify(before));
      } finally {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
      const after = await getGeneration(t, generation.id);
      expect(after).to.include({ image_path: null, file_size: null, format: null });
      expect(after.updated_at).to.equal(generation.updated_at);
    });
  });
}
