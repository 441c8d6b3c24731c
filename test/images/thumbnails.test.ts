import { expect } from 'chai';
import type { TestApp } from '../helpers/create-test-app.ts';
import { createAsset, createGeneration, scopedAuth } from '../image-assets/helpers.ts';
import { IMAGES } from '../../plugins/images/tokens.ts';
import { ADMIN_AUTH, binary, bootImages, dimensionsOf, drivers, expectSignedCaching, fileIdOf, testImage, uploadTo, variantRows } from './helpers.ts';
import { linkPath, TEST_ORIGIN } from '../helpers/links.ts';

for (const driver of drivers) {
  describe(`asset thumbnails (storage driver ${driver.name})`, () => {
    let t: TestApp;
    let stop: () => Promise<void>;

    before(async () => {
      ({ t, stop } = await bootImages(driver));
    });
    after(async () => stop?.());

    const thumbnail = (assetId: string, query = '', auth: string | null = ADMIN_AUTH) => {
      const req = t.request.get(`/api/v1/assets/${assetId}/thumbnail${query ? `?${query}` : ''}`).buffer(true).parse(binary);
      return auth ? req.set('Authorization', auth) : req;
    };
    const view = async (assetId: string) => (await t.request.get(`/api/v1/assets/${assetId}`).set('Authorization', ADMIN_AUTH).expect(200)).body;

    /** An asset with a landscape image (earliest) and a portrait one, so the source shows in the shape. */
    async function twoImageAsset(projectId = 'thumbs') {
      const asset = await createAsset(t, projectId);
      const landscape = await createGeneration(t, asset.id);
      await uploadTo(t, landscape.id, await testImage(1000, 500));
      const portrait = await createGeneration(t, asset.id);
      await uploadTo(t, portrait.id, await testImage(500, 1000));
      return { asset, landscape, portrait };
    }

    it('answers 404 and a null thumbnail while no generation has an image', async () => {
      const asset = await createAsset(t, 'thumbs');
      expect((await view(asset.id)).thumbnail).to.equal(null);
      const none = await t.request.get(`/api/v1/assets/${asset.id}/thumbnail`).set('Authorization', ADMIN_AUTH);
      expect(none.status).to.equal(404);
      expect(none.headers['content-type']).to.match(/^application\/problem\+json/);
      await createGeneration(t, asset.id);
      expect((await view(asset.id)).thumbnail).to.equal(null);
      expect((await t.request.get(`/api/v1/assets/${asset.id}/thumbnail`).set('Authorization', ADMIN_AUTH)).status).to.equal(404);
    });

    it('is made from the earliest generation with an image, else from the favourite, at each documented size', async () => {
      const { asset, portrait } = await twoImageAsset();
      // No favourite: the earliest (landscape).
      expect(await dimensionsOf((await thumbnail(asset.id, 'size=small')).body)).to.include({ width: 128, height: 64 });
      expect(await dimensionsOf((await thumbnail(asset.id)).body)).to.include({ width: 256, height: 128 });
      expect(await dimensionsOf((await thumbnail(asset.id, 'size=medium')).body)).to.include({ width: 256, height: 128 });
      expect(await dimensionsOf((await thumbnail(asset.id, 'size=large')).body)).to.include({ width: 512, height: 256 });

      await t.request.post(`/api/v1/generations/${portrait.id}/favorite`).set('Authorization', ADMIN_AUTH).expect(200);
      expect(await dimensionsOf((await thumbnail(asset.id, 'size=small')).body)).to.include({ width: 64, height: 128 });
      expect(await dimensionsOf((await thumbnail(asset.id, 'size=large')).body)).to.include({ width: 256, height: 512 });
    });

    it('falls back to the earliest image when the favourite has none', async () => {
      const { asset } = await twoImageAsset();
      const bare = await createGeneration(t, asset.id);
      await t.request.post(`/api/v1/generations/${bare.id}/favorite`).set('Authorization', ADMIN_AUTH).expect(200);
      expect(await dimensionsOf((await thumbnail(asset.id, 'size=small')).body)).to.include({ width: 128, height: 64 });
    });

    it('chooses the format from Accept and says Vary: Accept', async () => {
      const { asset } = await twoImageAsset();
      const avif = await thumbnail(asset.id).set('Accept', 'image/avif,image/webp,*/*');
      expect(avif.headers['content-type']).to.equal('image/avif');
      expect(avif.headers.vary).to.match(/\bAccept\b/);
      const webp = await thumbnail(asset.id).set('Accept', 'image/webp,*/*');
      expect(webp.headers['content-type']).to.equal('image/webp');
      expect(webp.headers.vary).to.match(/\bAccept\b/);
      const png = await thumbnail(asset.id).set('Accept', '*/*');
      expect(png.headers['content-type']).to.equal('image/png');
      expect((await thumbnail(asset.id).set('Accept', '*/*').set('If-None-Match', png.headers.etag)).status).to.equal(304);
      // By token the favourite can change under the same URL, so the client revalidates.
      expect(png.headers['cache-control']).to.equal('private, no-cache');
    });

    it('gives the asset a signed thumbnail URL that works without a token and changes when the favourite does', async () => {
      const { asset, portrait } = await twoImageAsset();
      const url = linkPath((await view(asset.id)).thumbnail);
      expect(url).to.match(new RegExp(`^/api/v1/assets/${asset.id}/thumbnail\\?v=\\w+&expires=\\d+&kid=[\\w-]+&sig=[\\w-]+$`));
      const res = await t.request.get(url).buffer(true).parse(binary);
      expect(res.status).to.equal(200);
      expectSignedCaching(res.headers['cache-control'], url, 'private');
      expect(await dimensionsOf(res.body)).to.include({ width: 256, height: 128 });
      expect((await t.request.get(`${url}&size=large`)).status).to.equal(403);

      await t.request.post(`/api/v1/generations/${portrait.id}/favorite`).set('Authorization', ADMIN_AUTH).expect(200);
      const newUrl = linkPath((await view(asset.id)).thumbnail);
      expect(newUrl).not.to.equal(url);
      expect(await dimensionsOf((await t.request.get(newUrl).buffer(true).parse(binary)).body)).to.include({ width: 128, height: 256 });
      // Lists and search results carry the same field.
      const listed = await t.request.get('/api/v1/projects/thumbs/assets?limit=200').set('Authorization', ADMIN_AUTH).expect(200);
      expect(listed.body.assets.find((a: { id: string }) => a.id === asset.id).thumbnail).to.equal(`${TEST_ORIGIN}${newUrl}`);
    });

    it('refuses an unknown size, hides other projects’ assets and needs a token or a signature', async () => {
      const { asset } = await twoImageAsset('thumbs-own');
      const bad = await t.request.get(`/api/v1/assets/${asset.id}/thumbnail?size=huge`).set('Authorization', ADMIN_AUTH);
      expect(bad.status).to.equal(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field)).to.include('query.size');
      expect((await thumbnail(asset.id, '', await scopedAuth(t, ['thumbs-own'], false))).status).to.equal(200);
      expect((await thumbnail(asset.id, '', await scopedAuth(t, ['someone-else']))).status).to.equal(404);
      expect((await thumbnail(asset.id, '', null)).status).to.equal(401);
      expect((await thumbnail('not-a-uuid')).status).to.equal(404);
    });

    it('regenerates thumbnail variants on demand (every size, in avif, webp and the original format)', async () => {
      const { asset } = await twoImageAsset();
      // The earliest generation's image is the source (no favourite).
      const fileId = fileIdOf((await view(asset.id)).generations[0].image_url);
      const result = await t.container.get(IMAGES.thumbnails).regenerate({ assetId: asset.id });
      expect(result).to.deep.equal({ assets: 1, variants: 9 });
      const keys = (await variantRows(t, fileId)).map((r) => r.params_key);
      for (const side of [128, 256, 512]) for (const format of ['avif', 'webp', 'png']) expect(keys.some((k) => k.startsWith(`w${side}-h${side}-`) && k.endsWith(`-${format}`)), `${side} ${format}`).to.equal(true);
      // Again: the same variants are remade, not added.
      expect(await t.container.get(IMAGES.thumbnails).regenerate({ assetId: asset.id })).to.deep.equal({ assets: 1, variants: 9 });
      expect((await variantRows(t, fileId)).length).to.equal(keys.length);
      const all = await t.container.get(IMAGES.thumbnails).regenerate();
      expect(all.assets).to.be.greaterThan(1);
    });
  });
}
