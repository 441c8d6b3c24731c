import type { Readable } from 'node:stream';
import type { Request, RequestHandler } from 'express';
import type { Transaction } from 'sequelize';
import type { ServiceIdentifier } from '../../src/index.ts';

/** The storage plugin's public API: other plugins inject these. */
export const STORAGE = {
  files: Symbol.for('storage.files') as ServiceIdentifier<FileService>,
  uploads: Symbol.for('storage.uploads') as ServiceIdentifier<UploadParser>,
  providers: Symbol.for('storage.providers') as ServiceIdentifier<StorageProviderRegistry>,
  /** Removes unreferenced files past the grace period, their variants, and objects without a row. */
  cleanup: Symbol.for('storage.cleanup') as ServiceIdentifier<CleanupService>,
  /** Derived images (resized, re-encoded) of stored files: their objects and file_variants rows. */
  variants: Symbol.for('storage.variants') as ServiceIdentifier<VariantStore>,
};

/** A row of the `files` table: one stored blob, shared by every record that references it. */
export interface StoredFile {
  id: string;
  sha256: string;
  size: number;
  /** Sniffed from the bytes, e.g. image/png, application/pdf. */
  contentType: string;
  /** Canonical: png jpg webp gif pdf doc docx xlsx csv svg avif ... */
  ext: string;
  width: number | null;
  height: number | null;
  /** Images only: png | jpg | webp | gif | avif | svg ... */
  format: string | null;
  driver: string;
  storageKey: string;
  refCount: number;
  createdAt: Date;
}

export interface IngestOptions {
  /** Exactly maxBytes is accepted; one byte more is a PayloadTooLargeError (413). */
  maxBytes: number;
  /** The sniffed type must be one of these, else UnsupportedMediaTypeError (415). */
  allowedExts: string[];
  /** Images with more pixels are refused (422) from their header, before any decoding. */
  maxPixels?: number;
  /** Only a hint (csv/svg detection), never trusted for the type. */
  originalName?: string;
}

export interface FileService {
  /**
   * Streams to a temporary object while hashing and sniffing; identical bytes are stored once
   * (created=false then). Any failure or abort leaves no row and no object. A new file has
   * refCount 0 until acquired.
   */
  ingest(stream: Readable, options: IngestOptions): Promise<{ file: StoredFile; created: boolean }>;
  /** refCount + 1, in the same transaction as the referencing row. */
  acquire(fileId: string, transaction: Transaction): Promise<void>;
  /** refCount - 1; at 0 the file becomes eligible for cleanup. */
  release(fileId: string, transaction: Transaction): Promise<void>;
  /** For a refused request after ingest: removes row and object now if refCount is 0. */
  discardIfUnreferenced(fileId: string): Promise<void>;
  get(fileId: string): Promise<StoredFile | null>;
  /** Streams the bytes; the range is inclusive. */
  open(file: StoredFile, range?: { start: number; end: number }): Promise<Readable>;
}

/** A row of `file_variants`: a derived image, stored in the backend of its original. */
export interface StoredVariant {
  id: string;
  fileId: string;
  /** The canonical transform parameters, e.g. `w256-h0-q80-inside-n-webp`. */
  paramsKey: string;
  driver: string;
  storageKey: string;
  contentType: string;
  format: string;
  width: number;
  height: number;
  size: number;
}

/**
 * Told, inside the transaction that adds or removes a variant row, how many bytes of variants the
 * file gained (positive) or lost; whatever it writes commits or rolls back with the row.
 */
export type VariantSizeListener = (fileId: string, delta: number, transaction: Transaction) => Promise<void>;

export interface VariantStore {
  /** Other plugins keep totals of variant bytes (project stats) in step with the rows. */
  onSizeChange(listener: VariantSizeListener): void;
  find(fileId: string, paramsKey: string): Promise<StoredVariant | null>;
  listFor(fileId: string): Promise<StoredVariant[]>;
  /**
   * Writes the bytes under variantKey(...) in the original's backend and records the row. A
   * concurrent save of the same variant (another instance) answers the row that won.
   */
  save(
    file: StoredFile,
    paramsKey: string,
    image: { bytes: Buffer; contentType: string; format: string; ext: string; width: number; height: number },
  ): Promise<StoredVariant>;
  open(variant: StoredVariant): Promise<Readable>;
  /**
   * Deletes the objects and rows of these files' variants; call it before deleting the files
   * (their rows would cascade, but the objects would stay). Answers how many were removed.
   */
  removeForFiles(fileIds: string[]): Promise<number>;
  /** Deletes these variants' objects and rows. */
  remove(variantIds: string[]): Promise<number>;
}

export interface ParsedUpload {
  file: StoredFile;
  created: boolean;
  originalName: string;
  clientContentType: string;
}

export interface UploadParser {
  /**
   * Express middleware: streams each part named `file` into FileService.ingest (never buffering a
   * whole file), sets req.files: ParsedUpload[] and leaves the text fields in req.body.
   * Too big → 413, wrong type → 415, no `file` part → 400, truncated or malformed multipart → 400,
   * client abort → everything ingested is discarded.
   */
  middleware(options: IngestOptions & { maxFiles: number }): RequestHandler;
  /**
   * Removes every file this request's upload created that nothing references yet. Call it before
   * answering a refusal; the middleware also does it once a refused response has been sent.
   */
  discard(req: Request): Promise<void>;
}

/** The files the upload middleware stored for this request (what it put in req.files). */
export function parsedUploads(req: Request): ParsedUpload[] {
  return Array.isArray(req.files) ? (req.files as unknown as ParsedUpload[]).filter((u) => Boolean(u?.file && 'originalName' in u)) : [];
}

export interface StoredObjectInfo {
  key: string;
  size: number;
  lastModified: Date;
}

/** The port a storage backend implements. Keys are relative, '/'-separated. */
export interface StorageProvider {
  /** The driver name matched against STORAGE_DRIVER, e.g. `local` or `s3`. */
  readonly driver: string;
  /** Writes the whole stream under key (durably) and returns the number of bytes written. */
  put(key: string, stream: Readable): Promise<number>;
  /** Streams an object; the range is inclusive. Rejects with NotFoundError if missing. */
  get(key: string, range?: { start: number; end: number }): Promise<Readable>;
  /** Removes an object; removing a missing object is not an error. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
  list(prefix: string): AsyncIterable<StoredObjectInfo>;
  /** Publishes a finished temporary object under its final key, replacing any object there. */
  move(fromKey: string, toKey: string): Promise<void>;
  /** Throws when the backend cannot be reached or written. */
  health(): Promise<void>;
}

/** Backends register here in their `init`; the storage plugin picks the configured one in `start`. */
export interface StorageProviderRegistry {
  register(provider: StorageProvider): void;
  /** Makes the provider of this driver the active one; throws, naming the driver, if none is registered. */
  select(driver: string): StorageProvider;
  /** The configured provider; throws before `start` has selected one. */
  active(): StorageProvider;
  get(driver: string): StorageProvider | undefined;
  drivers(): string[];
}

/** What a cleanup run removed (or, in a dry run, would remove). */
export interface CleanupReport {
  dryRun: boolean;
  files: Array<{ id: string; storageKey: string; size: number }>;
  /** Variant objects removed with their files. */
  variants: number;
  /** Objects under files/, variants/ or tmp/ that no row describes, older than the grace period. */
  orphanObjects: Array<{ key: string; size: number }>;
  /** Bytes freed: the files, their variants and the orphan objects. */
  bytes: number;
  /** Items left alone because a look-up or a removal failed. */
  errors: string[];
}

export interface CleanupService {
  run(options: { dryRun: boolean; onProgress?: (done: number, total: number) => void }): Promise<CleanupReport>;
}
