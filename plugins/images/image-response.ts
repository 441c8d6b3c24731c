import type { Readable } from 'node:stream';
import type { Request, Response } from 'express';
import { ifRangeHolds, isNotModified, parseRange, RangeNotSatisfiableError } from '../../src/index.ts';
import type { StoredFile } from '../storage/tokens.ts';

const YEAR = 31_536_000;

/** How an image was authorized: by bearer token, or by a signed URL valid for `secondsLeft` more. */
export type ImageGrant = { signed: false } | { signed: true; secondsLeft: number; cachePublic: boolean };

/**
 * How long and by whom a response may be cached. The bytes behind a file id never change, so they
 * are immutable; but a cached copy must not outlive the signed URL that granted it, and it stays in
 * the client's own cache unless shared caching is configured (IMAGE_CACHE_PUBLIC). `revalidate` is
 * for URLs whose answer can change (a thumbnail by bearer token).
 */
export function cacheControl(grant: ImageGrant, revalidate = false): string {
  if (revalidate) return 'private, no-cache';
  if (!grant.signed) return `private, max-age=${YEAR}, immutable`;
  const maxAge = Math.max(0, Math.min(YEAR, Math.floor(grant.secondsLeft)));
  return `${grant.cachePublic ? 'public' : 'private'}, max-age=${maxAge}, immutable`;
}

function commonHeaders(res: Response, { etag, cache, vary }: { etag: string; cache: string; vary: boolean }): void {
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', cache);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // Images are made to be shown in <img> tags of the web app, wherever it is served from.
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  if (vary) res.vary('Accept');
}

/**
 * Sends the body. `pipe` rather than stream/promises' pipeline: the pipeline's per-call
 * AbortController showed up in the cached-variant profile. A client that goes away mid-download
 * is not an error of ours; a failing read is (the error handler then cuts the connection).
 */
function stream(res: Response, body: Readable): Promise<void> {
  return new Promise((resolve, reject) => {
    // The client left during our look-ups: 'close' has already fired and would never fire again.
    if (res.destroyed) {
      body.on('error', () => undefined);
      body.destroy();
      resolve();
      return;
    }
    const failed = (err: Error) => {
      res.off('close', closed);
      reject(err);
    };
    const closed = () => {
      body.off('error', failed);
      // Finished, or the client left: either way nothing more will be read, and a late read error has no one to tell.
      body.on('error', () => undefined);
      body.destroy();
      resolve();
    };
    body.once('error', failed);
    res.once('close', closed);
    body.pipe(res);
  });
}

/**
 * The original's bytes: ETag from its SHA-256, Range (206/416) and If-None-Match (304). The object
 * is opened before any header is set, so a missing one ends as a plain problem response.
 */
export async function sendOriginal(
  req: Request,
  res: Response,
  file: StoredFile,
  cache: string,
  open: (range?: { start: number; end: number }) => Promise<Readable>,
): Promise<void> {
  const etag = `"${file.sha256}"`;
  const notModified = isNotModified(req.headers, etag, file.createdAt);
  const range = !notModified && ifRangeHolds(req.get('if-range'), etag, file.createdAt) ? parseRange(req.get('range'), file.size) : undefined;
  const body = notModified || range === 'unsatisfiable' || req.method === 'HEAD' ? undefined : await open(range);
  res.setHeader('Accept-Ranges', 'bytes');
  if (range === 'unsatisfiable') {
    // A problem response: not to be cached as the image, nor to carry its ETag.
    res.setHeader('Content-Range', `bytes */${file.size}`);
    throw new RangeNotSatisfiableError(file.size);
  }
  commonHeaders(res, { etag, cache, vary: false });
  res.setHeader('Last-Modified', file.createdAt.toUTCString());
  if (notModified) {
    res.status(304).end();
    return;
  }
  res.status(range ? 206 : 200);
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Length', String(range ? range.end - range.start + 1 : file.size));
  if (range) res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${file.size}`);
  if (!body) {
    res.end();
    return;
  }
  await stream(res, body);
}

/** Answers 304 when the client's copy has this ETag; call before doing any work for the body. */
export function answeredNotModified(req: Request, res: Response, headers: { etag: string; cache: string; vary: boolean }): boolean {
  if (!isNotModified({ 'if-none-match': req.headers['if-none-match'] }, headers.etag, new Date(0))) return false;
  commonHeaders(res, headers);
  res.status(304).end();
  return true;
}

/** A variant's bytes, fresh from the transform or streamed from storage. */
export async function sendVariant(
  req: Request,
  res: Response,
  variant: { contentType: string; size: number },
  body: Buffer | Readable,
  headers: { etag: string; cache: string; vary: boolean },
): Promise<void> {
  commonHeaders(res, headers);
  res.status(200);
  res.setHeader('Content-Type', variant.contentType);
  res.setHeader('Content-Length', String(variant.size));
  if (req.method === 'HEAD') {
    if (!Buffer.isBuffer(body)) body.destroy();
    res.end();
    return;
  }
  if (Buffer.isBuffer(body)) {
    res.end(body);
    return;
  }
  await stream(res, body);
}
