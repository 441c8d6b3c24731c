import { expect } from 'chai';
import sharp from 'sharp';
import type { Response } from 'supertest';
import { IMAGES } from '../../plugins/images/tokens.ts';
import type { TestApp } from '../helpers/create-test-app.ts';
import { scopedAuth } from '../image-assets/helpers.ts';
import { assetWithImage, bootImages, testImage } from './helpers.ts';

/** Noise at 1000 px: blown up to 2000 px at top webp quality, each transform takes a good while. */
async function heavyOriginal(): Promise<Buffer> {
  return sharp({ create: { width: 1000, height: 1000, channels: 3, background: '#345', noise: { type: 'gaussian', mean: 128, sigma: 60 } } })
    .png()
    .toBuffer();
}

const heavyQuery = (i: number) => `width=${2000 - i}&height=${2000 - i}&enlarge=true&format=webp&quality=100`;

/** Waits (without asserting on time) until the server's transform slots are in the state `ready` describes. */
async function until(t: TestApp, ready: (stats: { running: number; waiting: number }) => boolean): Promise<void> {
  const slots = t.container.get(IMAGES.slots);
  while (!ready(slots.stats())) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('image transforms are shared fairly between clients', function () {
  // Several deliberately slow transforms in a row, on a machine that may be busy.
  this.timeout(120_000);
  describe('a per-client cap (IMAGE_TRANSFORMS_PER_CLIENT)', () => {
    let t: TestApp;
    let stop: () => Promise<void>;
    before(async () => {
      // Two slots, one per client, and no waiting in line: what does not start at once is refused.
      ({ t, stop } = await bootImages({ plugin: 'storage-local', s3: false }, {
        IMAGE_TRANSFORM_CONCURRENCY: '2',
        IMAGE_TRANSFORMS_PER_CLIENT: '1',
        IMAGE_QUEUE_TIMEOUT_MS: '0',
      }));
    });
    after(async () => stop?.());

    it('keeps a slot free for another key’s first thumbnail while one key floods distinct cold transforms', async () => {
      const { fileId } = await assetWithImage(t, 'fair', await heavyOriginal());
      const other = await assetWithImage(t, 'fair', await testImage(600, 400));
      const flooder = await scopedAuth(t, ['fair'], false);
      const viewer = await scopedAuth(t, ['fair'], false);

      let settled = 0;
      const flood = Array.from({ length: 6 }, (_, i) =>
        t.request
          .get(`/api/v1/files/images/${fileId}?${heavyQuery(i)}`)
          .set('Authorization', flooder)
          .then((res) => {
            settled += 1;
            return res;
          }),
      );
      // Every flood request has either started a transform or been refused.
      await until(t, ({ running, waiting }) => running > 0 && waiting === 0 && settled === 6 - running);

      const thumbnail = await t.request.get(`/api/v1/assets/${other.asset.id}/thumbnail`).set('Authorization', viewer);
      expect(thumbnail.status, thumbnail.text).to.equal(200);
      const statuses = (await Promise.all(flood)).map((res) => res.status);
      expect(statuses.filter((s) => s === 503), String(statuses)).to.have.length(5);
    });
  });

  describe('a queue served in turn', () => {
    let t: TestApp;
    let stop: () => Promise<void>;
    before(async () => {
      // One slot and a long wait in line: every request is served, the question is in which order.
      ({ t, stop } = await bootImages({ plugin: 'storage-local', s3: false }, {
        IMAGE_TRANSFORM_CONCURRENCY: '1',
        IMAGE_QUEUE_TIMEOUT_MS: '120000',
      }));
    });
    after(async () => stop?.());

    it('serves another key’s transform next, before the rest of a flood queued ahead of it', async () => {
      const { fileId } = await assetWithImage(t, 'turns', await heavyOriginal());
      const other = await assetWithImage(t, 'turns', await testImage(600, 400));
      const flooder = await scopedAuth(t, ['turns'], false);
      const viewer = await scopedAuth(t, ['turns'], false);

      const done: string[] = [];
      const flood = Array.from({ length: 5 }, (_, i) =>
        t.request
          .get(`/api/v1/files/images/${fileId}?${heavyQuery(i)}`)
          .set('Authorization', flooder)
          .then((res: Response) => {
            done.push('flood');
            return res;
          }),
      );
      // At least two of the flood wait in line behind the one running.
      await until(t, ({ waiting }) => waiting >= 2);
      const doneBefore = done.length;
      const mine = await t.request.get(`/api/v1/files/images/${other.fileId}?width=300&format=webp`).set('Authorization', viewer);
      done.push('viewer');
      expect(mine.status, mine.text).to.equal(200);
      await Promise.all(flood);
      // First in line, the viewer would come after the running transform and every one waiting. In turn it
      // comes right after the running one (or one more, had that ended while the viewer's request was being
      // authenticated), ahead of the rest.
      expect(done.indexOf('viewer'), done.join(',')).to.be.at.most(doneBefore + 2);
    });
  });
});
