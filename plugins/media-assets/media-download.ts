import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import { ifRangeHolds, isNotModified, parseRange, RangeNotSatisfiableError } from '../../src/index.ts';
import type { StoredFile } from '../storage/tokens.ts';
import { contentDisposition } from './content-disposition.ts';
import type { MediaAsset } from './media-asset.model.ts';
import type { MediaAssetService } from './media-asset.service.ts';

/** Types a browser would run as a document: never served inline. */
export function isActiveContent(contentType: string): boolean {
  const type = contentType.split(';')[0].trim().toLowerCase();
  return /^(text\/html|application\/xhtml\+xml|text\/xml|application\/xml|image\/svg\+xml|text\/xsl|application\/javascript|text\/javascript)$/.test(type) || type.endsWith('+xml');
}

const INLINE_TYPES = /^(image\/(png|jpeg|gif|webp)|application\/pdf)$/;

/** Streams an asset's file with validators, ranges and safe disposition headers. */
export async function sendMediaFile(
  { req, res, disposition }: { req: Request; res: Response; disposition: 'inline' | 'attachment' },
  media: MediaAssetService,
  { asset, file }: { asset: MediaAsset; file: StoredFile },
): Promise<void> {
  const etag = `"${file.sha256}"`;
  const lastModified = asset.uploadedAt;
  const active = isActiveContent(file.contentType);
  const inline = disposition === 'inline' && !active && INLINE_TYPES.test(file.contentType);

  res.setHeader('ETag', etag);
  res.setHeader('Last-Modified', lastModified.toUTCString());
  res.setHeader('Cache-Control', 'private, no-cache');
  res.setHeader('Accept-Ranges', 'bytes');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (active) res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox");

  if (isNotModified(req.headers, etag, lastModified)) {
    res.status(304).end();
    return;
  }

  const range = ifRangeHolds(req.get('if-range'), etag, lastModified) ? parseRange(req.get('range'), file.size) : undefined;
  if (range === 'unsatisfiable') {
    res.setHeader('Content-Range', `bytes */${file.size}`);
    throw new RangeNotSatisfiableError(file.size);
  }

  const body = req.method === 'HEAD' ? undefined : await media.openFile(file, range);
  res.status(range ? 206 : 200);
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Disposition', contentDisposition(inline ? 'inline' : 'attachment', asset.fileName));
  res.setHeader('Content-Length', String(range ? range.end - range.start + 1 : file.size));
  if (range) res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${file.size}`);
  if (!body) {
    res.end();
    return;
  }
  try {
    await pipeline(body, res);
  } catch (err) {
    // A client that goes away mid-download is not an error of ours.
    if (!res.destroyed && (err as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw err;
  }
}
