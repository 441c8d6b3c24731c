import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { CORE } from '../../src/index.ts';
import { IMAGES } from '../../plugins/images/tokens.ts';
import { STORAGE } from '../../plugins/storage/tokens.ts';
import type { TestApp } from '../helpers/create-test-app.ts';
import { scopedAuth } from '../image-assets/helpers.ts';
import { ADMIN_AUTH, assetWithImage, binary, bootImages, dimensionsOf, drivers, expectSignedCaching, testImage, variantRows } from './helpers.ts';
import { linkPath } from '../helpers/links.ts';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

const MAGIC: Record<string, (b: Buffer) => boolean> = {
  png: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  jpg: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  webp: (b) => b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP',
  // ISO BMFF: a `ftyp` box whose major brand is `avif`.
  avif: (b) => b.toString('latin1', 4, 8) === 'ftyp' && b.toString('latin1', 8, 12) === 'avif',
};

function expectProblem(res: { status: number; headers: Record<string, string>; body: any }, status: number, field?: string): void {
  expect(res.status, JSON.stringify(res.body)).to.equal(status);
  expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
  if (field) expect((res.body.errors ?? []).map((e: { field: string }) => e.field), JSON.stringify(res.body)).to.include(field);
}

for (const driver of drivers) {
  describe(`image serving (storage driver ${driver.name})`, () => {
    let t: TestApp;
    let stop: () => Promise<void>;
    let original: Buffer;
    let fileId: string;
    let signedUrl: string;

    before(async () => {
      ({ t, stop } = await bootImages(driver));
      original = await testImage(400, 200);
      const made = await assetWithImage(t, 'images-a', original);
      fileId = made.fileId;
      signedUrl = linkPath(made.generation.image_url);
    });
    after(async () => stop?.());

    const image = (query = '', auth: string | null = ADMIN_AUTH) => {
      const req = t.request.get(`/api/v1/files/images/${fileId}${query ? `?${query}` : ''}`).buffer(true).parse(binary);
      return auth ? req.set('Authorization', auth) : req;
    };

    it('serves the original bytes with their type, length, a strong ETag and byte ranges', async () => {
      const res = await image();
      expect(res.status).to.equal(200);
      expect(res.headers['content-type']).to.equal('image/png');
      expect(res.headers['content-length']).to.equal(String(original.length));
      expect(res.headers['accept-ranges']).to.equal('bytes');
      expect(res.headers.etag).to.equal(`"${sha256(original)}"`);
      expect(res.headers.vary ?? '').not.to.match(/accept\b/i);
      expect(Buffer.compare(res.body, original)).to.equal(0);

      const part = await image().set('Range', 'bytes=10-109');
      expect(part.status).to.equal(206);
      expect(part.headers['content-range']).to.equal(`bytes 10-109/${original.length}`);
      expect(part.headers['content-length']).to.equal('100');
      expect(Buffer.compare(part.body, original.subarray(10, 110))).to.equal(0);

      const tail = await image().set('Range', 'bytes=-16');
      expect(tail.status).to.equal(206);
      expect(Buffer.compare(tail.body, original.subarray(original.length - 16))).to.equal(0);

      const outside = await t.request.get(`/api/v1/files/images/${fileId}`).set('Authorization', ADMIN_AUTH).set('Range', `bytes=${original.length}-`);
      expectProblem(outside, 416);
      expect(outside.headers['content-range']).to.equal(`bytes */${original.length}`);
      expect(outside.headers.etag).not.to.equal(part.headers.etag);
      expect(outside.headers['cache-control'] ?? '').not.to.contain('immutable');
    });

    it('answers 304 to If-None-Match, for the original and for a variant', async () => {
      const first = await image();
      const again = await image().set('If-None-Match', first.headers.etag);
      expect(again.status).to.equal(304);
      expect(again.body.length).to.equal(0);

      const variant = await image('width=64&format=webp');
      expect(variant.headers.etag).to.match(/^"[A-Za-z0-9_-]+"$/);
      expect(variant.headers.etag).not.to.equal(first.headers.etag);
      expect((await image('width=64&format=webp').set('If-None-Match', variant.headers.etag)).status).to.equal(304);
      expect((await image('width=65&format=webp')).headers.etag).not.to.equal(variant.headers.etag);
      expect((await image('width=64&format=webp').set('If-None-Match', '"something-else"')).status).to.equal(200);
      expect(variant.headers['cache-control']).to.equal('private, max-age=31536000, immutable');
    });

    it('resizes by width, by height and into a box, keeping the aspect ratio', async () => {
      expect(await dimensionsOf((await image('width=100&format=png')).body)).to.include({ width: 100, height: 50 });
      expect(await dimensionsOf((await image('height=50&format=png')).body)).to.include({ width: 100, height: 50 });
      expect(await dimensionsOf((await image('width=100&height=100&format=png')).body)).to.include({ width: 100, height: 50 });
      expect(await dimensionsOf((await image('width=100&height=100&fit=cover&format=png')).body)).to.include({ width: 100, height: 100 });
      expect(await dimensionsOf((await image('width=100&height=100&fit=contain&format=png')).body)).to.include({ width: 100, height: 100 });
      const box = await image('width=4096&height=1&format=png');
      expect(box.status).to.equal(200);
      expect(await dimensionsOf(box.body)).to.include({ width: 2, height: 1 });
    });

    it('never enlarges unless asked', async () => {
      expect(await dimensionsOf((await image('width=800&format=png')).body)).to.include({ width: 400, height: 200 });
      expect(await dimensionsOf((await image('width=4096&height=4096&format=png')).body)).to.include({ width: 400, height: 200 });
      expect(await dimensionsOf((await image('width=800&enlarge=true&format=png')).body)).to.include({ width: 800, height: 400 });
      expect(await dimensionsOf((await image('height=300&enlarge=false&format=png')).body)).to.include({ width: 400, height: 200 });
    });

    it('encodes each format with its own type and magic bytes', async () => {
      for (const [format, type] of [['png', 'image/png'], ['jpg', 'image/jpeg'], ['webp', 'image/webp'], ['avif', 'image/avif']] as const) {
        const res = await image(`width=120&format=${format}`);
        expect(res.status, format).to.equal(200);
        expect(res.headers['content-type'], format).to.equal(type);
        expect(res.headers['content-length'], format).to.equal(String(res.body.length));
        expect(MAGIC[format](res.body), `${format} magic bytes`).to.equal(true);
        expect(res.headers.vary ?? '', format).not.to.match(/accept\b/i);
        const meta = await dimensionsOf(res.body);
        expect(meta.width, format).to.equal(120);
        expect(meta.format, format).to.equal({ png: 'png', jpg: 'jpeg', webp: 'webp', avif: 'heif' }[format]);
      }
      // Re-encoding alone (no resize) is a variant too.
      const reencoded = await image('format=jpg');
      expect(reencoded.headers['content-type']).to.equal('image/jpeg');
      expect(await dimensionsOf(reencoded.body)).to.include({ width: 400, height: 200 });
    });

    it('applies quality to the lossy formats', async () => {
      for (const format of ['jpg', 'webp', 'avif']) {
        const low = await image(`format=${format}&quality=1`);
        const high = await image(`format=${format}&quality=100`);
        expect(low.status).to.equal(200);
        expect(high.status).to.equal(200);
        expect(low.body.length, format).to.be.lessThan(high.body.length);
      }
    });

    it('refuses every parameter out of range or unknown with a 400 naming it', async () => {
      const cases: Array<[string, string]> = [
        ['width=0', 'query.width'],
        ['width=4097', 'query.width'],
        ['width=abc', 'query.width'],
        ['width=1.5', 'query.width'],
        ['width=-3', 'query.width'],
        ['height=0', 'query.height'],
        ['height=5000', 'query.height'],
        ['quality=0', 'query.quality'],
        ['quality=101', 'query.quality'],
        ['quality=high', 'query.quality'],
        ['format=gif', 'query.format'],
        ['format=jpeg', 'query.format'],
        ['fit=stretch', 'query.fit'],
        ['enlarge=yes', 'query.enlarge'],
        ['width=10&width=20', 'query.width'],
      ];
      for (const [query, field] of cases) {
        const res = await t.request.get(`/api/v1/files/images/${fileId}?${query}`).set('Authorization', ADMIN_AUTH);
        expectProblem(res, 400, field);
      }
      // The bounds themselves are accepted.
      expect((await image('width=1&height=4096&quality=1&format=jpg')).status).to.equal(200);
      expect((await image('width=4096&quality=100&format=webp')).status).to.equal(200);
    });

    it('chooses avif, then webp, then the original format from Accept, and says Vary: Accept', async () => {
      const avif = await image('width=90').set('Accept', 'image/avif,image/webp,image/apng,image/*,*/*;q=0.8');
      expect(avif.headers['content-type']).to.equal('image/avif');
      expect(MAGIC.avif(avif.body)).to.equal(true);
      expect(avif.headers.vary).to.match(/\bAccept\b/);
      const webp = await image('width=90').set('Accept', 'image/webp,*/*');
      expect(webp.headers['content-type']).to.equal('image/webp');
      expect(webp.headers.vary).to.match(/\bAccept\b/);
      expect(webp.headers.etag).not.to.equal(avif.headers.etag);
      const refusedAvif = await image('width=90').set('Accept', 'image/avif;q=0, image/webp');
      expect(refusedAvif.headers['content-type']).to.equal('image/webp');
      const plain = await image('width=90').set('Accept', '*/*');
      expect(plain.headers['content-type']).to.equal('image/png');
      expect(plain.headers.vary).to.match(/\bAccept\b/);
      const jpgOriginal = await assetWithImage(t, 'images-a', await testImage(300, 300, 'jpg'));
      const fromJpg = await t.request.get(`/api/v1/files/images/${jpgOriginal.fileId}?width=50`).set('Authorization', ADMIN_AUTH).buffer(true).parse(binary);
      expect(fromJpg.headers['content-type']).to.equal('image/jpeg');
    });

    it('makes each variant once: stored in the backend, recorded once, streamed afterwards', async () => {
      const before = (await variantRows(t, fileId)).length;
      const first = await image('width=77&format=webp');
      const second = await image('width=77&format=webp');
      expect(Buffer.compare(first.body, second.body)).to.equal(0);
      const rows = (await variantRows(t, fileId)).filter((r) => r.params_key.startsWith('w77-'));
      expect(rows).to.have.length(1);
      expect(rows[0].storage_key).to.match(new RegExp(`^variants/.+/${sha256(original)}/w77-h0-q80-inside-n-webp\\.webp$`));
      expect(await t.container.get(STORAGE.providers).active().exists(rows[0].storage_key)).to.equal(true);
      // The same canonical parameters, spelled differently, are the same variant.
      await image('format=webp&quality=80&width=77&enlarge=false');
      expect((await variantRows(t, fileId)).length).to.equal(before + 1);
    });

    it('lets 10 concurrent requests for one new variant share one transform and one row', async () => {
      const variants = t.container.get(IMAGES.variants);
      const transformsBefore = variants.transformCount();
      const responses = await Promise.all(Array.from({ length: 10 }, () => image('width=133&format=avif')));
      expect(variants.transformCount() - transformsBefore).to.equal(1);
      for (const res of responses) {
        expect(res.status).to.equal(200);
        expect(Buffer.compare(res.body, responses[0].body)).to.equal(0);
      }
      expect((await variantRows(t, fileId)).filter((r) => r.params_key.startsWith('w133-'))).to.have.length(1);
    });

    it('keeps one row when two instances store the same new variant at once (the loser reuses the winner’s)', async () => {
      const file = (await t.container.get(STORAGE.files).get(fileId))!;
      const image = { bytes: await testImage(10, 5, 'webp'), contentType: 'image/webp', format: 'webp', ext: 'webp', width: 10, height: 5 };
      const store = t.container.get(STORAGE.variants);
      const [a, b] = await Promise.all([store.save(file, 'w10-race', image), store.save(file, 'w10-race', image)]);
      expect(a.id).to.equal(b.id);
      expect((await variantRows(t, fileId)).filter((r) => r.params_key === 'w10-race')).to.have.length(1);
      expect(await t.container.get(STORAGE.providers).active().exists(a.storageKey)).to.equal(true);
    });

    it('serves the signed image_url without a token, cached privately no longer than the URL is valid', async () => {
      expect(signedUrl).to.match(new RegExp(`^/api/v1/files/images/${fileId}\\?expires=\\d+&kid=[\\w-]+&sig=[\\w-]+$`));
      const res = await t.request.get(signedUrl).buffer(true).parse(binary);
      expect(res.status).to.equal(200);
      expect(Buffer.compare(res.body, original)).to.equal(0);
      expectSignedCaching(res.headers['cache-control'], signedUrl, 'private');
      // The same image gets the same URL (expiry rounded), so the browser's cache keeps working.
      const again = await t.request.get(`/api/v1/generations/${(await generationsUsing(t, fileId))[0]}`).set('Authorization', ADMIN_AUTH);
      expect(linkPath(again.body.image_url)).to.equal(signedUrl);
    });

    it('refuses a tampered signature, or a signed URL with parameters added, with 403', async () => {
      const tampered = signedUrl.replace(/sig=(.)/, (_m, c: string) => `sig=${c === 'A' ? 'B' : 'A'}`);
      expectProblem(await t.request.get(tampered), 403);
      expectProblem(await t.request.get(`${signedUrl}&width=10`), 403);
      expectProblem(await t.request.get(signedUrl.replace(/expires=\d+/, (m) => `${m}0`)), 403);
      expectProblem(await t.request.get(signedUrl.replace(/&sig=.*/, '')), 403);
      // A URL signed for one image does not open another.
      const other = await assetWithImage(t, 'images-a', await testImage(50, 50));
      expectProblem(await t.request.get(signedUrl.replace(fileId, other.fileId)), 403);
    });

    it('needs a token or a signature, and hides images of other projects', async () => {
      expectProblem(await t.request.get(`/api/v1/files/images/${fileId}`), 401);
      expectProblem(await t.request.get(`/api/v1/files/images/${fileId}`).set('Authorization', 'Bearer not-a-valid-token-at-all'), 401);
      const own = await scopedAuth(t, ['images-a'], false);
      expect((await image('', own)).status).to.equal(200);
      expect((await image('width=20&format=png', own)).status).to.equal(200);
      const theirs = await scopedAuth(t, ['images-b']);
      expectProblem(await t.request.get(`/api/v1/files/images/${fileId}`).set('Authorization', theirs), 404);
      expectProblem(await t.request.get(`/api/v1/files/images/${fileId}?width=20`).set('Authorization', theirs), 404);
      expectProblem(await t.request.get('/api/v1/files/images/not-a-uuid').set('Authorization', ADMIN_AUTH), 404);
      expectProblem(await t.request.get('/api/v1/files/images/00000000-0000-4000-8000-000000000000').set('Authorization', ADMIN_AUTH), 404);
    });

    it('removes a file’s variant objects and rows through the storage variant store', async () => {
      const doomed = await assetWithImage(t, 'images-a', await testImage(80, 80));
      await t.request.get(`/api/v1/files/images/${doomed.fileId}?width=20&format=webp`).set('Authorization', ADMIN_AUTH).expect(200);
      const [row] = await variantRows(t, doomed.fileId);
      const provider = t.container.get(STORAGE.providers).active();
      expect(await provider.exists(row.storage_key)).to.equal(true);
      expect(await t.container.get(STORAGE.variants).removeForFiles([doomed.fileId])).to.equal(1);
      expect(await provider.exists(row.storage_key)).to.equal(false);
      expect(await variantRows(t, doomed.fileId)).to.have.length(0);
      // Asked again, it is simply made again.
      await t.request.get(`/api/v1/files/images/${doomed.fileId}?width=20&format=webp`).set('Authorization', ADMIN_AUTH).expect(200);
      expect(await variantRows(t, doomed.fileId)).to.have.length(1);
    });
  });
}

async function generationsUsing(t: TestApp, fileId: string): Promise<string[]> {
  const rows = await t.container.get(CORE.database).query<{ id: string }>('SELECT id FROM image_generations WHERE file_id = :fileId', {
    replacements: { fileId },
    type: QueryTypes.SELECT,
  });
  return rows.map((r) => r.id);
}
