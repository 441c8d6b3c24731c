import type { Request } from 'express';
import { Op } from 'sequelize';
import { CORE, ForbiddenError, type CoreConfig, inject, injectable, NotFoundError, UnauthorizedError, type UrlSigner } from '../../src/index.ts';
import { findVisibleAsset, Generation, type ImageAsset } from '../image-assets/tokens.ts';
import type { StoredFile } from '../storage/tokens.ts';
import type { ImageGrant } from './image-response.ts';
import type { ImageLookups } from './image-lookups.ts';
import { IMAGES } from './tokens.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Who may fetch an image: anyone holding a valid signed URL (what the API hands out for <img>
 * tags), or a bearer token with rights on a project that uses the image. Out-of-scope images
 * answer 404 like missing ones, as everywhere else in the API.
 */
@injectable()
export class ImageAccess {
  constructor(
    @inject(CORE.urlSigner) private readonly signer: UrlSigner,
    @inject(IMAGES.lookups) private readonly lookups: ImageLookups,
    @inject(CORE.config) private readonly config: CoreConfig,
  ) {}

  async file(req: Request, fileId: string): Promise<{ file: StoredFile; grant: ImageGrant }> {
    const grant = this.checkSignature(req);
    const signed = grant.signed;
    if (!UUID.test(fileId)) throw new NotFoundError('Image', fileId);
    if (!signed) {
      const principal = this.principal(req);
      const projects = principal.projectIds;
      const used = await this.lookups.usedInProjects(fileId, projects, async () => {
        const usedBy = await Generation.findOne({
          where: { fileId, ...(projects === null ? {} : { projectId: { [Op.in]: projects } }) },
          attributes: ['id'],
        });
        return usedBy !== null;
      });
      if (!used) throw new NotFoundError('Image', fileId);
    }
    const file = await this.lookups.file(fileId);
    if (!file || file.format === null) throw new NotFoundError('Image', fileId);
    return { file, grant };
  }

  /**
   * The file an asset's thumbnail is made from. A signed URL names the asset's version (`v`), so
   * the file it shows is remembered; by bearer token the favourite may change, so it is looked up.
   */
  async thumbnailFile(req: Request, assetId: string, sourceOf: (asset: ImageAsset) => Promise<StoredFile>): Promise<{ file: StoredFile; grant: ImageGrant }> {
    const grant = this.checkSignature(req);
    const signed = grant.signed;
    const version = (req.query as Record<string, unknown>).v;
    if (signed && typeof version === 'string') {
      return { file: await this.lookups.thumbnailFile(assetId, version, async () => sourceOf(await findVisibleAsset(assetId, null))), grant };
    }
    const asset = await findVisibleAsset(assetId, signed ? null : this.principal(req));
    return { file: await sourceOf(asset), grant };
  }

  /** A valid signed URL with the time it has left, or none; a bad or expired signature is a 403. */
  private checkSignature(req: Request): ImageGrant {
    const query = req.query as Record<string, unknown>;
    if (query.sig === undefined && query.expires === undefined && query.kid === undefined) return { signed: false };
    const verdict = this.signer.verify(req.originalUrl);
    if (verdict === 'expired') throw new ForbiddenError('This signed URL has expired.');
    if (verdict === 'invalid') throw new ForbiddenError('This URL’s signature is not valid.');
    // verify() accepted exactly one integer `expires`.
    return { signed: true, secondsLeft: Number(query.expires) - Date.now() / 1000, cachePublic: this.config.images.cachePublic };
  }

  private principal(req: Request) {
    if (!req.principal) throw new UnauthorizedError('A bearer token or a signed URL is required.');
    return req.principal;
  }
}
