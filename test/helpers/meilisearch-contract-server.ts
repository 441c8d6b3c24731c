import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ContractIndex } from './meilisearch-contract/contract-index.ts';
import { badRequest, indexAlreadyExists, indexNotFound, invalidApiKey, MeiliError, missingAuthorization, notModelled } from './meilisearch-contract/errors.ts';
import { strictObject, strictParams } from './meilisearch-contract/fields.ts';
import { parseSettings } from './meilisearch-contract/index-settings.ts';
import { TaskQueue } from './meilisearch-contract/tasks.ts';

export const CONTRACT_VERSIONS = ['1.16.0', '1.18.0'] as const;

export interface ContractServerOptions {
  /** The Meilisearch version to behave as (and to answer on GET /version). */
  version: string;
  /** Without one, as a server started without MEILI_MASTER_KEY, no request needs a key. */
  masterKey?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
}

const INDEX_UID = /^[A-Za-z0-9_-]{1,400}$/;
const DOCUMENT_ID = /^[A-Za-z0-9_-]{1,511}$/;

function atLeast(version: string, wanted: string): boolean {
  const a = version.split('.').map(Number);
  const b = wanted.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
}

/**
 * A stand-in for a Meilisearch server, for tests on machines where none can run: the endpoints the
 * adapter uses, with Meilisearch's documented request validation (unknown fields and parameters
 * refused, per-field error codes), Bearer authentication, the task lifecycle, its error bodies, the
 * differences between the versions it is asked to be (`rename` in swaps from 1.18), and a small
 * in-memory search: query syntax (phrases, negation, ten terms), typos and last-word prefix,
 * matchingStrategy, filters, sort, page and offset modes capped by maxTotalHits, _rankingScore.
 * Anything documented that it does not model answers 501, so it is extended rather than trusted.
 */
export class MeilisearchContractServer {
  readonly indexes = new Map<string, ContractIndex>();
  readonly tasks = new TaskQueue();
  readonly requests: RecordedRequest[] = [];
  private readonly faults: Array<{ method: string; path: RegExp; error: MeiliError }> = [];
  private masterKey: string | undefined;
  private server!: http.Server;
  url = '';

  private constructor(readonly version: string, masterKey: string | undefined) {
    this.masterKey = masterKey;
  }

  static async start(options: ContractServerOptions): Promise<MeilisearchContractServer> {
    const contract = new MeilisearchContractServer(options.version, options.masterKey);
    contract.server = http.createServer((req, res) => void contract.handle(req, res));
    await new Promise<void>((resolve) => contract.server.listen(0, '127.0.0.1', resolve));
    contract.url = `http://127.0.0.1:${(contract.server.address() as AddressInfo).port}`;
    return contract;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** As restarting Meilisearch with another MEILI_MASTER_KEY: the old key is refused from now on. */
  changeMasterKey(key: string): void {
    this.masterKey = key;
  }

  /** The next request matching method and path answers this error instead (once). */
  failNext(method: string, path: RegExp, error: MeiliError): void {
    this.faults.push({ method, path, error });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://contract');
    let raw = '';
    for await (const chunk of req) raw += chunk;
    let status = 200;
    let payload: unknown;
    try {
      let parsed: unknown = raw;
      try {
        parsed = raw === '' ? undefined : JSON.parse(raw);
      } catch {
        // recorded as sent; parseBody answers for it
      }
      this.requests.push({ method: req.method ?? 'GET', path: url.pathname + url.search, body: parsed });
      // Meilisearch authenticates before it reads the body.
      if (url.pathname !== '/health') this.authenticate(req.headers.authorization);
      const body = this.parseBody(req, raw);
      const fault = this.faults.findIndex((f) => f.method === req.method && f.path.test(url.pathname));
      if (fault >= 0) throw this.faults.splice(fault, 1)[0].error;
      [status, payload] = this.route(req.method ?? 'GET', url, body);
    } catch (err) {
      if (!(err instanceof MeiliError)) throw err;
      [status, payload] = [err.status, err.body];
    }
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(payload === undefined ? '' : JSON.stringify(payload));
  }

  private parseBody(req: http.IncomingMessage, raw: string): unknown {
    if (req.method !== 'POST' && req.method !== 'PATCH' && req.method !== 'PUT') return undefined;
    const type = req.headers['content-type'];
    if (!type) throw new MeiliError(415, 'missing_content_type', 'A Content-Type header is missing. Accepted values for the Content-Type header are: `application/json`');
    if (!/^application\/json\b/.test(type)) {
      throw new MeiliError(415, 'invalid_content_type', `The Content-Type \`${type}\` is invalid. Accepted values for the Content-Type header are: \`application/json\``);
    }
    if (raw === '') throw badRequest('A json payload is missing.', 'missing_payload');
    try {
      return JSON.parse(raw);
    } catch (err) {
      throw badRequest(`The json payload provided is malformed. \`${(err as Error).message}\`.`, 'malformed_payload');
    }
  }

  private authenticate(header: string | undefined): void {
    if (this.masterKey === undefined) return;
    if (!header) throw missingAuthorization();
    const [scheme, key] = header.split(' ');
    if (scheme !== 'Bearer' || key !== this.masterKey) throw invalidApiKey();
  }

  private route(method: string, url: URL, body: unknown): [number, unknown] {
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const at = `${method} /${parts.map((p, i) => (i === 1 && parts[0] === 'indexes' ? '{uid}' : p)).join('/')}`;
    const uid = parts[1];
    switch (at) {
      case 'GET /health':
        return [200, { status: 'available' }];
      case 'GET /version':
        return [200, { commitSha: 'contract-server', commitDate: '2025-01-01T00:00:00Z', pkgVersion: this.version }];
      case 'GET /indexes':
        return [200, this.listIndexes(url.searchParams)];
      case 'POST /indexes':
        return [202, this.createIndex(body)];
      case 'GET /indexes/{uid}':
        return [200, this.index(uid).view()];
      case 'DELETE /indexes/{uid}':
        return [202, this.deleteIndex(uid)];
      case 'PATCH /indexes/{uid}/settings':
        return [202, this.updateSettings(uid, body)];
      case 'POST /indexes/{uid}/documents':
        return [202, this.addDocuments(uid, url.searchParams, body)];
      case 'POST /indexes/{uid}/documents/delete-batch':
        return [202, this.deleteDocuments(uid, body)];
      case 'POST /indexes/{uid}/search':
        return [200, this.index(uid).search(body)];
      case 'POST /swap-indexes':
        return [202, this.swapIndexes(body)];
      case 'GET /tasks/' + parts[1]: {
        const task = /^\d+$/.test(parts[1]) ? this.tasks.get(Number(parts[1])) : undefined;
        if (!task) throw new MeiliError(404, 'task_not_found', `Task \`${parts[1]}\` not found.`);
        return [200, task];
      }
      default:
        throw notModelled(`${method} ${url.pathname}`);
    }
  }

  private index(uid: string): ContractIndex {
    const index = this.indexes.get(uid);
    if (!index) throw indexNotFound(uid);
    return index;
  }

  private checkUid(uid: unknown): string {
    if (typeof uid !== 'string' || !INDEX_UID.test(uid)) {
      throw badRequest(
        `\`${String(uid)}\` is not a valid index uid. Index uid can be an integer or a string containing only alphanumeric characters, hyphens (-) and underscores (_), and can not be more than 512 bytes.`,
        'invalid_index_uid',
      );
    }
    return uid;
  }

  private listIndexes(params: URLSearchParams) {
    const { offset = '0', limit = '20' } = strictParams(params, { offset: {}, limit: {} });
    const all = [...this.indexes.values()].sort((a, b) => a.uid.localeCompare(b.uid));
    return { results: all.slice(Number(offset), Number(offset) + Number(limit)).map((i) => i.view()), offset: Number(offset), limit: Number(limit), total: all.length };
  }

  private createIndex(body: unknown) {
    const fields = strictObject(
      body,
      { uid: { kind: 'string', code: 'invalid_index_uid' }, primaryKey: { kind: 'string', code: 'invalid_index_primary_key', nullable: true } },
      { required: [{ field: 'uid', code: 'missing_index_uid' }] },
    );
    const uid = this.checkUid(fields.uid);
    const primaryKey = (fields.primaryKey as string | null | undefined) ?? null;
    return this.tasks.enqueue('indexCreation', uid, { primaryKey }, () => {
      if (this.indexes.has(uid)) throw indexAlreadyExists(uid);
      const index = new ContractIndex(uid);
      index.primaryKey = primaryKey;
      this.indexes.set(uid, index);
    });
  }

  private deleteIndex(uid: string) {
    this.checkUid(uid);
    return this.tasks.enqueue('indexDeletion', uid, { deletedDocuments: null }, () => {
      const index = this.index(uid);
      this.indexes.delete(uid);
      return { deletedDocuments: index.documents.size };
    });
  }

  /** Settings and document writes create their index when it is missing, as Meilisearch does. */
  private indexOrNew(uid: string): ContractIndex {
    let index = this.indexes.get(uid);
    if (!index) this.indexes.set(uid, (index = new ContractIndex(uid)));
    return index;
  }

  private updateSettings(uid: string, body: unknown) {
    this.checkUid(uid);
    const apply = parseSettings(body);
    return this.tasks.enqueue('settingsUpdate', uid, { ...(body as object) }, () => {
      const index = this.indexOrNew(uid);
      index.settings = apply(index.settings);
      index.touch();
    });
  }

  private addDocuments(uid: string, params: URLSearchParams, body: unknown) {
    this.checkUid(uid);
    const { primaryKey } = strictParams(params, { primaryKey: {}, csvDelimiter: { unmodelled: true } });
    if (!Array.isArray(body)) throw notModelled('a document body that is not an array');
    return this.tasks.enqueue('documentAdditionOrUpdate', uid, { receivedDocuments: body.length, indexedDocuments: null }, () => {
      const existing = this.indexes.get(uid);
      if (existing?.primaryKey && primaryKey && existing.primaryKey !== primaryKey) {
        throw badRequest(`Index \`${uid}\`: Index already has a primary key: \`${existing.primaryKey}\`.`, 'index_primary_key_already_exists');
      }
      const key = existing?.primaryKey ?? primaryKey;
      if (!key) throw notModelled('primary key inference');
      const accepted = body.map((document) => {
        if (document === null || typeof document !== 'object' || Array.isArray(document)) throw badRequest(`The \`json\` payload provided is malformed: documents must be objects.`, 'malformed_payload');
        const id = (document as Record<string, unknown>)[key];
        if (id === undefined) throw badRequest(`Document doesn't have a \`${key}\` attribute: \`${JSON.stringify(document)}\`.`, 'missing_document_id');
        if (!(typeof id === 'string' && DOCUMENT_ID.test(id)) && !(typeof id === 'number' && Number.isInteger(id))) {
          throw badRequest(
            `Document identifier \`${JSON.stringify(id)}\` is invalid. A document identifier can be of type integer or string, only composed of alphanumeric characters (a-z A-Z 0-9), hyphens (-) and underscores (_), and can not be more than 511 bytes.`,
            'invalid_document_id',
          );
        }
        return [String(id), document as Record<string, unknown>] as const;
      });
      const index = this.indexOrNew(uid);
      index.primaryKey = key;
      for (const [id, document] of accepted) index.put(id, document);
      index.touch();
      return { indexedDocuments: accepted.length };
    });
  }

  private deleteDocuments(uid: string, body: unknown) {
    this.checkUid(uid);
    if (!Array.isArray(body) || body.some((id) => typeof id !== 'string' && typeof id !== 'number')) {
      throw badRequest(`Invalid value type: expected an array of document ids, but found \`${JSON.stringify(body)}\``);
    }
    return this.tasks.enqueue('documentDeletion', uid, { providedIds: body.length, deletedDocuments: null }, () => {
      const index = this.index(uid);
      let deleted = 0;
      for (const id of body) if (index.documents.delete(String(id))) deleted++;
      index.touch();
      return { deletedDocuments: deleted };
    });
  }

  private swapIndexes(body: unknown) {
    if (!Array.isArray(body)) throw badRequest(`Invalid value type: expected an array, but found \`${JSON.stringify(body)}\``);
    const renames = atLeast(this.version, '1.18.0');
    const swaps = body.map((item, i) => {
      const fields = strictObject(
        item,
        {
          indexes: { kind: 'strings', code: 'invalid_swap_indexes' },
          // `rename` exists from Meilisearch 1.18; before, it is an unknown field like any other.
          ...(renames ? { rename: { kind: 'bool' as const, code: 'invalid_swap_rename' } } : {}),
        },
        { location: `[${i}]`, required: [{ field: 'indexes', code: 'missing_swap_indexes' }] },
      );
      const pair = fields.indexes as string[];
      if (pair.length !== 2) {
        throw badRequest(`Two indexes must be given for each swap. The list \`[${pair.map((p) => `"${p}"`).join(', ')}]\` contains ${pair.length} indexes.`, 'invalid_swap_indexes');
      }
      pair.forEach((p) => this.checkUid(p));
      return { indexes: pair as [string, string], rename: (fields.rename as boolean | undefined) ?? false };
    });
    const named = swaps.flatMap((s) => s.indexes);
    const duplicate = named.find((n, i) => named.indexOf(n) !== i);
    if (duplicate) throw badRequest(`Indexes must be declared only once during a swap. \`${duplicate}\` was specified several times.`, 'invalid_swap_duplicate_index_found');
    return this.tasks.enqueue('indexSwap', null, { swaps: renames ? swaps : swaps.map(({ indexes }) => ({ indexes })) }, () => {
      // All swaps of one task happen, or none: check everything before changing anything.
      const missing = swaps.flatMap(({ indexes, rename }) => (rename ? [indexes[0]] : indexes)).filter((n) => !this.indexes.has(n));
      if (missing.length > 0) throw new MeiliError(404, 'index_not_found', `Indexes ${missing.map((m) => `\`${m}\``).join(', ')} not found.`);
      const taken = swaps.find(({ indexes, rename }) => rename && this.indexes.has(indexes[1]));
      if (taken) throw indexAlreadyExists(taken.indexes[1]);
      for (const { indexes: [a, b], rename } of swaps) {
        const left = this.indexes.get(a)!;
        const right = this.indexes.get(b);
        this.indexes.delete(a);
        if (right) this.indexes.set(a, Object.assign(right, { uid: a }));
        this.indexes.set(b, Object.assign(left, { uid: b }));
        if (rename) this.indexes.delete(a);
      }
    });
  }
}
