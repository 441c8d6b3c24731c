import { createHash } from 'node:crypto';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { ADMIN_AUTH, createTestApp, type TestApp } from '../helpers/create-test-app.ts';
import { CORE } from '../../src/index.ts';
import { STORAGE } from '../../plugins/storage/tokens.ts';
import { startS3Server, type S3Server } from './storage-backends.ts';
import { uploadProbePlugin, UPLOAD_LIMIT } from './upload-probe.plugin.ts';
import { cfbDocument, CSV_TABLE, docxDocument, storedZip, gifImage, pdfOfSize, pngBomb, pngImage, SVG_WITH_PROLOG } from './fixtures.ts';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`never happened: ${what}`);
}

const drivers: Array<{ name: string; plugin: string; s3: boolean }> = [
  { name: 'local', plugin: 'storage-local', s3: false },
  { name: 's3', plugin: 'storage-s3', s3: true },
];

for (const driver of drivers) {
  describe(`uploads through HTTP (storage driver ${driver.name})`, () => {
    let s3: S3Server | undefined;
    let t: TestApp;

    before(async () => {
      s3 = driver.s3 ? await startS3Server() : undefined;
      t = await createTestApp({ plugins: [driver.plugin], extraPlugins: [uploadProbePlugin], env: s3?.env ?? {} });
    });
    after(async () => {
      await t?.stop();
      await s3?.stop();
    });

    const rowCount = async () => {
      const [row] = await t.container.get(CORE.database).query<{ n: number | string }>('SELECT COUNT(*) AS n FROM files', { type: QueryTypes.SELECT });
      return Number(row?.n);
    };
    const objectKeys = async () => {
      const keys: string[] = [];
      for await (const object of t.container.get(STORAGE.providers).active().list('')) keys.push(object.key);
      return keys.sort();
    };
    const snapshot = async () => ({ rows: await rowCount(), objects: await objectKeys() });
    const post = (kind: 'images' | 'documents') => t.request.post(`/api/test-uploads/${kind}`).set('Authorization', ADMIN_AUTH);

    it('stores an uploaded PNG with its hash, sniffed type and dimensions, and serves the same bytes back', async () => {
      const png = await pngImage(320, 200);
      const res = await post('images').field('note', 'hello').attach('file', png, { filename: 'photo.png', contentType: 'image/png' });
      expect(res.status, res.text).to.equal(201);
      expect(res.body.note).to.equal('hello');
      const [file] = res.body.files;
      expect(file.id).to.match(UUID);
      expect(file).to.include({
        sha256: sha256(png),
        size: png.length,
        content_type: 'image/png',
        ext: 'png',
        width: 320,
        height: 200,
        format: 'png',
        ref_count: 0,
        created: true,
        original_name: 'photo.png',
        client_content_type: 'image/png',
      });
      const download = await t.request.get(`/api/test-uploads/${file.id}`).set('Authorization', ADMIN_AUTH).buffer(true).parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
      expect(download.status).to.equal(200);
      expect(download.headers['content-type']).to.match(/^image\/png/);
      expect((download.body as Buffer).equals(png)).to.equal(true);
    });

    it('stores identical bytes once: the second upload returns the same file, not a new one', async () => {
      const png = await pngImage(64, 64, '#abcdef');
      const first = await post('images').attach('file', png, 'a.png');
      const before = await snapshot();
      const second = await post('images').attach('file', png, 'renamed.png');
      expect(first.status).to.equal(201);
      expect(second.status).to.equal(201);
      expect(second.body.files[0].id).to.equal(first.body.files[0].id);
      expect(first.body.files[0].created).to.equal(true);
      expect(second.body.files[0].created).to.equal(false);
      expect(await snapshot()).to.deep.equal(before);
      expect(before.objects.filter((key) => key.endsWith(sha256(png)))).to.have.length(1);
    });

    it('accepts a file of exactly the limit and refuses one byte more with 413, keeping nothing', async () => {
      const atLimit = await post('documents').attach('file', pdfOfSize(UPLOAD_LIMIT), 'limit.pdf');
      expect(atLimit.status, atLimit.text).to.equal(201);
      expect(atLimit.body.files[0]).to.include({ size: UPLOAD_LIMIT, ext: 'pdf', content_type: 'application/pdf' });
      const before = await snapshot();
      const over = await post('documents').attach('file', pdfOfSize(UPLOAD_LIMIT + 1), 'over.pdf');
      expect(over.status).to.equal(413);
      expect(over.headers['content-type']).to.match(/^application\/problem\+json/);
      expect(await snapshot()).to.deep.equal(before);
    });

    it('judges the type by the bytes: PDF bytes named .png are refused with 415, keeping nothing', async () => {
      const before = await snapshot();
      const res = await post('images').attach('file', pdfOfSize(2000), { filename: 'innocent.png', contentType: 'image/png' });
      expect(res.status).to.equal(415);
      expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
      expect(res.body.detected_type).to.equal('pdf');
      const gif = await post('images').attach('file', await gifImage(), 'anim.png');
      expect(gif.status).to.equal(415);
      expect(gif.body.detected_type).to.equal('gif');
      expect(await snapshot()).to.deep.equal(before);
    });

    it('refuses a decompression bomb (20000x20000 PNG in a small file) with 422 before decoding it, keeping nothing', async () => {
      const bomb = pngBomb();
      expect(bomb.length).to.be.below(UPLOAD_LIMIT);
      const before = await snapshot();
      const res = await post('images').attach('file', bomb, 'bomb.png');
      expect(res.status).to.equal(422);
      expect(res.body).to.include({ width: 20000, height: 20000 });
      expect(await snapshot()).to.deep.equal(before);
    });

    it('refuses bytes that only begin with an image signature (415: no known type)', async () => {
      const png = await pngImage(10, 10);
      const broken = Buffer.concat([png.subarray(0, 12), Buffer.alloc(40, 0x41)]);
      const before = await snapshot();
      const res = await post('images').attach('file', broken, 'broken.png');
      expect(res.status).to.equal(415);
      expect(res.body.detected_type).to.equal(null);
      expect(await snapshot()).to.deep.equal(before);
    });

    it('detects documents from their bytes: CSV, SVG behind an XML prolog, legacy .doc, .docx', async () => {
      const csv = await post('documents').attach('file', CSV_TABLE, 'parts.csv');
      expect(csv.body.files?.[0], csv.text).to.include({ ext: 'csv', content_type: 'text/csv' });
      const svg = await post('documents').attach('file', SVG_WITH_PROLOG, 'drawing.svg');
      expect(svg.body.files?.[0], svg.text).to.include({ ext: 'svg', content_type: 'image/svg+xml', width: 40, height: 30, format: 'svg' });
      const doc = await post('documents').attach('file', cfbDocument(), 'letter.doc');
      expect(doc.body.files?.[0], doc.text).to.include({ ext: 'doc', content_type: 'application/msword' });
      const docx = await post('documents').attach('file', docxDocument(), 'report.docx');
      expect(docx.body.files?.[0], docx.text).to.include({ ext: 'docx' });
      // The Word marker sits past the first 64 KB, so only a read of the stored bytes can see it.
      const lateMarker = storedZip({
        'aaa/padding.bin': 'x'.repeat(70_000),
        '[Content_Types].xml': '<Override ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>',
      });
      const late = await post('documents').attach('file', lateMarker, 'late.docx');
      expect(late.body.files?.[0], late.text).to.include({ ext: 'docx' });
      const text = await post('documents').attach('file', Buffer.from('just some words\n'), 'notes.csv.txt');
      expect(text.status).to.equal(415);
    });

    it('answers a truncated multipart body with 400 without hanging, keeping nothing', async () => {
      const before = await snapshot();
      const boundary = 'truncated-boundary';
      const body = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cut.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
        pdfOfSize(5000),
      ]);
      const res = await post('documents').set('Content-Type', `multipart/form-data; boundary=${boundary}`).send(body);
      expect(res.status).to.equal(400);
      expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
      expect(await snapshot()).to.deep.equal(before);
      const noBoundary = await post('documents').set('Content-Type', 'multipart/form-data').send('garbage');
      expect(noBoundary.status).to.equal(400);
    });

    it('requires a `file` part: none, another field name, or a JSON body are 400', async () => {
      const none = await post('images').field('note', 'no file here');
      expect(none.status).to.equal(400);
      expect(none.body.errors[0].field).to.equal('file');
      const wrongField = await post('images').attach('upload', await pngImage(5, 5), 'x.png');
      expect(wrongField.status).to.equal(400);
      const json = await post('images').send({ file: 'not a file' });
      expect(json.status).to.equal(400);
    });

    it('takes several files up to the limit, and refuses more without keeping any', async () => {
      const images = await Promise.all(['#110000', '#220000', '#330000', '#440000'].map((c) => pngImage(8, 8, c)));
      const three = await post('images').attach('file', images[0] as Buffer, '1.png').attach('file', images[1] as Buffer, '2.png').attach('file', images[2] as Buffer, '3.png');
      expect(three.status).to.equal(201);
      expect(three.body.files.map((f: { original_name: string }) => f.original_name)).to.deep.equal(['1.png', '2.png', '3.png']);
      const before = await snapshot();
      const fresh = await Promise.all(['#550000', '#660000', '#770000', '#880000'].map((c) => pngImage(8, 8, c)));
      let request = post('images');
      fresh.forEach((png, i) => (request = request.attach('file', png, `${i}.png`)));
      const four = await request;
      expect(four.status).to.equal(400);
      expect(await snapshot()).to.deep.equal(before);
    });

    it('discards what a request uploaded when its handler refuses it, but keeps referenced files', async () => {
      const before = await snapshot();
      const refused = await post('images').field('reject', 'yes').attach('file', await pngImage(9, 9, '#123456'), 'refused.png');
      expect(refused.status).to.equal(400);
      expect(await snapshot()).to.deep.equal(before);

      const png = await pngImage(9, 9, '#654321');
      const kept = await post('images').field('keep', 'yes').attach('file', png, 'kept.png');
      expect(kept.status).to.equal(201);
      const again = await post('images').field('reject', 'yes').attach('file', png, 'again.png');
      expect(again.status).to.equal(400);
      const download = await t.request.get(`/api/test-uploads/${kept.body.files[0].id}`).set('Authorization', ADMIN_AUTH);
      expect(download.status).to.equal(200);
    });

    it('leaves no row and no object when the client aborts mid-upload, and keeps serving', async () => {
      const before = await snapshot();
      const server = t.app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      try {
        const { port } = server.address() as AddressInfo;
        let received = 0;
        const seen = new Promise<net.Socket>((resolve) => server.once('request', (req) => resolve(req.socket)));
        const boundary = 'abort-boundary';
        const head = Buffer.from(
          `POST /api/test-uploads/documents HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${ADMIN_AUTH}\r\n` +
            `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${UPLOAD_LIMIT - 100}\r\n\r\n` +
            `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
        );
        const partial = Buffer.concat([head, pdfOfSize(70_000)]);
        const client = net.connect(port, '127.0.0.1');
        client.on('error', () => undefined);
        client.write(partial);
        const serverSocket = await seen;
        // Abort only once the server has read everything sent, so the file is mid-ingest.
        await until('the server read the partial upload', async () => {
          received = serverSocket.bytesRead;
          return received >= partial.length;
        });
        client.destroy();
        await until('nothing is left of the aborted upload', async () => JSON.stringify(await snapshot()) === JSON.stringify(before));
      } finally {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
      const after = await post('images').attach('file', await pngImage(7, 7, '#777777'), 'after.png');
      expect(after.status).to.equal(201);
    });

    it('reports the storage backend and its upload area in /readyz', async () => {
      const res = await t.request.get('/readyz');
      expect(res.status).to.equal(200);
      expect(res.body.checks.storage.status).to.equal('ok');
      expect(res.body.checks.uploads.status).to.equal('ok');
    });
  });
}

describe('storage provider selection at boot', () => {
  it('fails the boot, naming the plugin to load, when no provider serves STORAGE_DRIVER', async () => {
    const error = await createTestApp({ plugins: ['storage'] }).then(
      async (app) => {
        await app.stop();
        return null;
      },
      (err: unknown) => err as Error,
    );
    expect(error?.message).to.match(/storage-local/);
  });
});

