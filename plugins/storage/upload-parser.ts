import type { Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import { AppError, inject, injectable, InputError, PayloadTooLargeError } from '../../src/index.ts';
import { parsedUploads, STORAGE, type FileService, type IngestOptions, type ParsedUpload, type StoredFile, type UploadParser } from './tokens.ts';

const FILE_FIELD = 'file';

/**
 * Room for part headers, boundaries and text fields beside the files: a body whose Content-Length
 * passes the files' limit by more than this is refused before a byte is read.
 */
export const MULTIPART_ALLOWANCE = 256 * 1024;
const FIELD_BYTES = 64 * 1024;

/** What the storage engine hands multer for each stored part. */
interface IngestedPart {
  stored: StoredFile;
  created: boolean;
}

type MulterFile = Express.Multer.File & Partial<IngestedPart>;

/** A failure of the backend rather than of the request: it keeps its own status (5xx). */
class StorageFailure extends Error {
  constructor(readonly original: unknown) {
    super('storage failure');
  }
}

/** A multer storage engine that streams each `file` part straight into FileService.ingest. */
class IngestingStorageEngine implements multer.StorageEngine {
  constructor(
    private readonly files: FileService,
    private readonly options: IngestOptions,
  ) {}

  _handleFile(_req: Request, file: Express.Multer.File, callback: (error?: unknown, info?: Partial<MulterFile>) => void): void {
    this.files.ingest(file.stream, { ...this.options, originalName: file.originalname }).then(
      ({ file: stored, created }) => callback(null, { stored, created, size: stored.size }),
      (err: unknown) => {
        if (err instanceof AppError) callback(err);
        else if (file.stream.errored) callback(malformed(file.stream.errored));
        else callback(new StorageFailure(err));
      },
    );
  }

  _removeFile(_req: Request, file: MulterFile, callback: (error: Error | null) => void): void {
    if (!file.created || !file.stored) {
      callback(null);
      return;
    }
    this.files.discardIfUnreferenced(file.stored.id).then(() => callback(null), callback);
  }
}

function malformed(cause: unknown): InputError {
  return new InputError(`The multipart body is malformed or incomplete: ${(cause as Error)?.message ?? 'unreadable'}.`, [
    { field: 'body', message: 'malformed or incomplete multipart body' },
  ]);
}

/** Turns what multer and busboy throw into the errors our API answers with. */
function toApiError(err: unknown, maxFiles: number, maxBytes: number): unknown {
  if (err instanceof AppError) return err;
  if (err instanceof StorageFailure) return err.original;
  if (err instanceof multer.MulterError) {
    switch (err.code) {
      case 'LIMIT_FILE_SIZE':
        return new PayloadTooLargeError(maxBytes);
      case 'LIMIT_UNEXPECTED_FILE':
      case 'LIMIT_FILE_COUNT':
        return err.field && err.field !== FILE_FIELD
          ? InputError.field(`body.${err.field}`, `unexpected file field; files go in the \`${FILE_FIELD}\` field`)
          : InputError.field(FILE_FIELD, `at most ${maxFiles} file${maxFiles === 1 ? '' : 's'} per request`);
      default:
        return InputError.field(err.field ? `body.${err.field}` : 'body', err.message);
    }
  }
  return malformed(err);
}

/**
 * The body is never read: the connection closes after the answer, so the client is not made to
 * send (and we to discard) the rest of a body we already refused.
 */
function refuseUnread(res: Response): void {
  res.setHeader('Connection', 'close');
}

@injectable()
export class MultipartUploadParser implements UploadParser {
  constructor(@inject(STORAGE.files) private readonly files: FileService) {}

  middleware(options: IngestOptions & { maxFiles: number }): RequestHandler {
    const { maxFiles, ...ingestOptions } = options;
    const parse = multer({
      storage: new IngestingStorageEngine(this.files, ingestOptions),
      // Browsers and Python requests send raw UTF-8 in filename="..."; busboy's default is Latin-1.
      defParamCharset: 'utf8',
      limits: { files: maxFiles, fields: MULTIPART_ALLOWANCE / FIELD_BYTES, fieldSize: FIELD_BYTES, parts: maxFiles + MULTIPART_ALLOWANCE / FIELD_BYTES },
    }).array(FILE_FIELD, maxFiles);

    const maxBody = ingestOptions.maxBytes * maxFiles + MULTIPART_ALLOWANCE;
    return (req, res, next) => {
      const declared = Number(req.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBody) {
        refuseUnread(res);
        next(new PayloadTooLargeError(ingestOptions.maxBytes));
        return;
      }
      parse(req, res, (err?: unknown) => {
        if (err) {
          next(toApiError(err, maxFiles, ingestOptions.maxBytes));
          return;
        }
        const parts = (Array.isArray(req.files) ? req.files : []) as MulterFile[];
        const uploads: ParsedUpload[] = parts.map((part) => ({
          file: part.stored as StoredFile,
          created: Boolean(part.created),
          originalName: part.originalname,
          clientContentType: part.mimetype,
        }));
        (req as { files?: unknown }).files = uploads;
        // A refused or abandoned request must not leave what it uploaded behind.
        res.once('close', () => {
          if (res.statusCode >= 400 || !res.writableFinished) void this.discard(req).catch(() => undefined);
        });
        if (uploads.length === 0) {
          next(InputError.field(FILE_FIELD, `is required: send the file as multipart/form-data in the \`${FILE_FIELD}\` field`));
          return;
        }
        next();
      });
    };
  }

  async discard(req: Request): Promise<void> {
    for (const upload of parsedUploads(req)) {
      if (upload.created) await this.files.discardIfUnreferenced(upload.file.id);
    }
  }
}
