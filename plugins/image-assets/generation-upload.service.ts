import { buffer } from 'node:stream/consumers';
import sharp from 'sharp';
import type { Transaction } from 'sequelize';
// `optional` is not in the SDK yet; the storage plugin may or may not be loaded.
import { optional } from 'inversify';
import { canSeeProject, inject, injectable, NotFoundError, siteLink, UnavailableError, UnprocessableError, type Principal } from '../../src/index.ts';
import { STORAGE, type FileService, type StoredFile } from '../storage/tokens.ts';
import { isUuid } from './asset-access.ts';
import type { EmbeddedParameterReader } from './embedded-parameters/embedded-parameter-reader.ts';
import { Generation } from './generation.model.ts';
import type { GenerationUploadResponse } from './generation-upload.schemas.ts';
import type { GenerationService } from './generation.service.ts';
import { IMAGE_ASSETS } from './tokens.ts';
import type { WriteTransactions } from './write-transactions.ts';

/** The image's name on this server: stable, and unlike the storage key it says nothing about where or how bytes are kept. */
export const publicImagePath = (file: StoredFile) => `images/${file.id}.${file.format ?? file.ext}`;

/** Where the parameters read from the image go in the generation's metadata. */
export const EMBEDDED_KEY = 'embedded';

/**
 * Attaches an uploaded (already ingested, type- and pixel-checked) image to a generation: it
 * must decode completely, its embedded parameters go into the metadata, and the file is
 * acquired, recorded and the previous one released in one transaction. The status is left
 * alone: it follows the generator's own reports (PUT), and an image may arrive before "completed".
 */
@injectable()
export class GenerationUploadService {
  constructor(
    @inject(IMAGE_ASSETS.generations) private readonly generations: GenerationService,
    @inject(IMAGE_ASSETS.writes) private readonly writes: WriteTransactions,
    @inject(IMAGE_ASSETS.embeddedParameters) private readonly embeddedParameters: EmbeddedParameterReader,
    @inject(STORAGE.files) @optional() private readonly files: FileService | undefined,
  ) {}

  /** Before any byte is stored: the generation exists and is in one of the caller's projects. */
  async assertVisible(principal: Principal, generationId: string, transaction?: Transaction): Promise<void> {
    const generation = isUuid(generationId) ? await Generation.findByPk(generationId, { attributes: ['id', 'projectId'], transaction }) : null;
    if (!generation || !canSeeProject(principal, generation.projectId)) throw new NotFoundError('Generation', generationId);
  }

  async attach(principal: Principal, generationId: string, file: StoredFile, maxPixels: number): Promise<GenerationUploadResponse> {
    const files = this.storage();
    const bytes = await buffer(await files.open(file));
    await assertDecodes(bytes, file.format ?? file.ext, maxPixels);
    const embedded = await this.embeddedParameters.read(bytes, file.format ?? file.ext);

    const view = await this.writes.run(async (transaction) => {
      await this.assertVisible(principal, generationId, transaction);
      await files.acquire(file.id, transaction);
      const { generation, previousFileId } = await this.generations.attachFile(
        generationId,
        {
          fileId: file.id,
          imagePath: publicImagePath(file),
          imageUrl: `/api/v1/files/images/${file.id}`,
          fileSize: file.size,
          width: file.width,
          height: file.height,
          format: file.format,
        },
        transaction,
      );
      if (previousFileId) await files.release(previousFileId, transaction);
      // attachFile holds the generation's lock in this transaction; parameters of a replaced image go with it.
      const row = await Generation.findByPk(generationId, { transaction });
      if (row) {
        const { [EMBEDDED_KEY]: _replaced, ...rest } = row.metadata;
        row.metadata = embedded ? { ...rest, [EMBEDDED_KEY]: embedded } : rest;
        if (row.changed('metadata')) await row.save({ transaction });
      }
      return generation;
    });

    return {
      image_path: view.image_path ?? publicImagePath(file),
      image_url: view.image_url ?? siteLink(`/api/v1/files/images/${file.id}`),
      file_size: file.size,
      dimensions: { width: file.width ?? 0, height: file.height ?? 0 },
      format: (file.format ?? file.ext) as GenerationUploadResponse['format'],
    };
  }

  private storage(): FileService {
    if (!this.files) throw new UnavailableError('Uploads need the storage plugin.');
    return this.files;
  }
}

/**
 * A valid header says nothing about the rest: a cut-off file must not be stored as an image.
 * Decoding to a tiny thumbnail reads every pixel row without holding the full image in memory.
 */
async function assertDecodes(bytes: Buffer, format: string, maxPixels: number): Promise<void> {
  try {
    await sharp(bytes, { failOn: 'truncated', limitInputPixels: maxPixels }).resize(8, 8, { fit: 'inside' }).raw().toBuffer();
  } catch (err) {
    throw new UnprocessableError(`The ${format} image cannot be decoded: ${(err as Error).message.split('\n')[0]}`);
  }
}
