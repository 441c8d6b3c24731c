import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { expect } from 'chai';
import { CORE } from '../../src/index.ts';
import { contentKey, variantKey } from '../../plugins/storage/storage-keys.ts';
import { STORAGE, type CleanupReport } from '../../plugins/storage/tokens.ts';
import { createTestApp, type TestApp } from '../helpers/create-test-app.ts';
import { startS3Server, type S3Server } from '../storage/storage-backends.ts';
import { drivers } from '../uploads/upload-helpers.ts';
import { acquire, addVariant, exists, fakeSha, GRACE_HOURS, LONG_AGO, outlastGrace, putOrphan, rowCount, storeFile, unreferencedSince } from './cleanup-helpers.ts';

const fileIds = (report: CleanupReport) => report.files.map((f) => f.id).sort();
const orphanKeys = (report: CleanupReport) => report.orphanObjects.map((o) => o.key).sort();

for (const driver of drivers) {
  describe(`storage cleanup (storage driver ${driver.name})`, () => {
    let s3: S3Server | undefined;
    let t: TestApp;
    const run = (dryRun: boolean) => t.container.get(STORAGE.cleanup).run({ dryRun });

    before(async () => {
      s3 = driver.s3 ? await startS3Server() : undefined;
      t = await createTestApp({ plugins: [driver.plugin], env: s3?.env ?? {}, config: { storage: { cleanupGraceHours: GRACE_HOURS } } });
    });
    after(async () => {
      await t?.stop();
      await s3?.stop();
    });

    it('removes an unreferenced file past the grace period with its variants, and keeps a recent or referenced one', async () => {
      const referenced = await storeFile(t);
      await acquire(t, referenced);
      const recent = await storeFile(t);
      const expired = await storeFile(t);
      await unreferencedSince(t, expired, LONG_AGO);
      const variantKeys = [await addVariant(t, expired, 'w64-webp'), await addVariant(t, expired, 'w128-webp')];
      const keptVariant = await addVariant(t, referenced, 'w64-webp');
      await unreferencedSince(t, recent, new Date());

      const report = await run(false);
      expect(report.errors).to.deep.equal([]);
      expect(report.files).to.deep.equal([{ id: expired.id, storageKey: expired.storageKey, size: expired.size }]);
      expect(report.variants).to.equal(2);
      expect(report.bytes).to.be.above(expired.size);
      expect(await rowCount(t, 'files', 'id = :id', { id: expired.id })).to.equal(0);
      expect(await rowCount(t, 'file_variants', 'file_id = :id', { id: expired.id })).to.equal(0);
      expect(await exists(t, expired.storageKey)).to.equal(false);
      for (const key of variantKeys) expect(await exists(t, key), key).to.equal(false);

      for (const file of [referenced, recent]) {
        expect(await rowCount(t, 'files', 'id = :id', { id: file.id })).to.equal(1);
        expect(await exists(t, file.storageKey)).to.equal(true);
      }
      expect(await exists(t, keptVariant)).to.equal(true);
    });

    it('keeps a file whose reference count is above 0, even with a stale unreferenced_at', async () => {
      const file = await storeFile(t);
      await unreferencedSince(t, file, LONG_AGO);
      // The reference count is what counts, even if unreferenced_at is stale.
      await t.container.get(CORE.database).query('UPDATE files SET ref_count = 1 WHERE id = :id', { replacements: { id: file.id } });
      const report = await run(false);
      expect(fileIds(report)).to.not.include(file.id);
      expect(await exists(t, file.storageKey)).to.equal(true);
    });

    it('restarts the grace period of an unreferenced file when the same bytes are uploaded again', async () => {
      const file = await storeFile(t);
      await unreferencedSince(t, file, LONG_AGO);
      const again = await t.container.get(STORAGE.files).ingest(Readable.from([await t.container.get(STORAGE.files).open(file).then((s) => buffer(s))]), {
        maxBytes: 1_000_000,
        allowedExts: ['png'],
      });
      expect(again).to.deep.include({ created: false });
      expect(again.file.id).to.equal(file.id);
      const report = await run(false);
      expect(fileIds(report)).to.not.include(file.id);
      expect(await exists(t, file.storageKey)).to.equal(true);
    });

    it('removes objects without a row once older than the grace period, keeps fresh ones; a dry run reports the same and removes nothing', async () => {
      const oldOrphans = [
        await putOrphan(t, contentKey(fakeSha())),
        await putOrphan(t, variantKey(fakeSha(), 'w32-webp', 'webp')),
        await putOrphan(t, `tmp/${randomUUID()}`, 250),
      ].sort();
      const expired = await storeFile(t);
      await unreferencedSince(t, expired, LONG_AGO);
      const variant = await addVariant(t, expired, 'w16-webp');
      await outlastGrace();
      const fresh = await putOrphan(t, `tmp/${randomUUID()}`);
      const freshFile = contentKey(fakeSha());
      await putOrphan(t, freshFile);

      const dry = await run(true);
      expect(dry.dryRun).to.equal(true);
      expect(dry.errors).to.deep.equal([]);
      expect(fileIds(dry)).to.include(expired.id);
      expect(orphanKeys(dry)).to.include.members(oldOrphans);
      expect(orphanKeys(dry)).to.not.include.members([fresh, freshFile, variant, expired.storageKey]);
      for (const key of [...oldOrphans, fresh, freshFile, variant, expired.storageKey]) expect(await exists(t, key), key).to.equal(true);
      expect(await rowCount(t, 'files', 'id = :id', { id: expired.id })).to.equal(1);

      const real = await run(false);
      expect(real.dryRun).to.equal(false);
      expect(fileIds(real)).to.deep.equal(fileIds(dry));
      expect(orphanKeys(real)).to.deep.equal(orphanKeys(dry));
      expect(real.variants).to.equal(dry.variants);
      expect(real.bytes).to.equal(dry.bytes);
      for (const key of [...oldOrphans, variant, expired.storageKey]) expect(await exists(t, key), key).to.equal(false);
      for (const key of [fresh, freshFile]) expect(await exists(t, key), key).to.equal(true);
      expect(real.orphanObjects.find((o) => o.key.startsWith('tmp/'))?.size).to.equal(250);
    });

    it('leaves a file alone, and reports it, when its storage cannot be looked up', async () => {
      const file = await storeFile(t);
      await unreferencedSince(t, file, LONG_AGO);
      await t.container.get(CORE.database).query("UPDATE files SET driver = 'retired' WHERE id = :id", { replacements: { id: file.id } });
      const report = await run(false);
      expect(report.errors.some((error) => error.includes(file.id) && error.includes('retired')), report.errors.join('\n')).to.equal(true);
      expect(fileIds(report)).to.not.include(file.id);
      expect(await rowCount(t, 'files', 'id = :id', { id: file.id })).to.equal(1);
    });

    it('is scheduled as a cluster-wide job', () => {
      const job = t.container.get(CORE.scheduler).list().find((j) => j.name === 'storage.cleanup');
      expect(job).to.include({ schedule: '30 3 * * *', scope: 'cluster' });
    });
  });
}
