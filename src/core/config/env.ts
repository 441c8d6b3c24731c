import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

const booleanString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

const urlString = (protocols: string[]) =>
  z
    .string()
    .trim()
    .refine((value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    }, `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);

const optionalUrl = (protocols: string[]) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), urlString(protocols).optional());

/** Every environment variable the server reads. The README's configuration table mirrors this. */
export const envSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().trim().min(1).default('0.0.0.0'),
    DATA_DIR: z.string().trim().min(1).default('./data'),
    DATABASE_URL: optionalUrl(['mysql:', 'mariadb:', 'sqlite:']),
    MEILISEARCH_URL: optionalUrl(['http:', 'https:']),
    MEILISEARCH_API_KEY: optionalString,
    STORAGE_DRIVER: z.enum(['local', 's3']).default('local'),
    S3_BUCKET: optionalString,
    S3_ENDPOINT: optionalUrl(['http:', 'https:']),
    S3_REGION: z.string().trim().min(1).default('us-east-1'),
    S3_ACCESS_KEY_ID: optionalString,
    S3_SECRET_ACCESS_KEY: optionalString,
    S3_FORCE_PATH_STYLE: booleanString.default(false),
    ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    ADMIN_EMAIL: z.email().optional(),
    ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
    PUBLIC_URL: optionalUrl(['http:', 'https:']),
    /** Express's `trust proxy`: `true`, a hop count, or comma-separated addresses/subnets (`loopback`, `10.0.0.0/8`). */
    TRUST_PROXY: optionalString.refine(
      (value) => value === undefined || /^(true|false|\d+|[\w.:/\-]+(\s*,\s*[\w.:/\-]+)*)$/.test(value),
      'must be true, false, a number of hops, or comma-separated addresses or subnets',
    ),
    METRICS_PUBLIC: booleanString.default(false),
    METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    PLUGINS: optionalString,
    PLUGIN_CONFIG: optionalString,
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(1200),
    /** Refused tokens per client address and minute before further attempts get 429 without a lookup; 0 turns it off. */
    AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(0).default(30),
    /** Where rate-limit counters live; default `database` on MySQL (shared by instances), `memory` on SQLite. */
    RATE_LIMIT_STORE: z.enum(['memory', 'database']).optional(),
    JSON_BODY_LIMIT: z.string().regex(/^\d+(b|kb|mb)$/i, 'must look like 512kb or 2mb').default('2mb'),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10000),
    HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).default(20_000),
    /** Whole-request limit; long enough for a 100 MB upload at about 150 KB/s. 0 turns it off. */
    HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(0).default(900_000),
    HTTP_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(0).default(5_000),
    HTTP_IDLE_TIMEOUT_MS: z.coerce.number().int().min(100).default(60_000),
    HTTP_MAX_UNAUTHENTICATED_CONNECTIONS: z.coerce.number().int().min(1).default(256),
    URL_SIGNING_KEYS: optionalString.refine(
      (value) => value === undefined || value.split(',').every((entry) => /^[A-Za-z0-9_-]{1,32}:.{16,}$/.test(entry.trim())),
      'must be comma-separated id:secret pairs (id: letters, digits, _ or -; secret: 16+ characters)',
    ),
    IMAGE_URL_TTL_SECONDS: z.coerce.number().int().min(60).max(31_536_000).default(604_800),
    IMAGE_TRANSFORM_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
    IMAGE_QUEUE_TIMEOUT_MS: z.coerce.number().int().min(0).default(5000),
    IMAGE_TRANSFORM_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
    IMAGE_MAX_INPUT_PIXELS: z.coerce.number().int().min(1).default(268_402_689),
    IMAGE_CACHE_PUBLIC: booleanString.default(false),
    /** Image and thumbnail requests per token (or, by signed URL, per client address) and minute; 0 turns it off. */
    IMAGE_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).optional(),
    /** Transforms one token (or client address) may have running at once; others wait in a fair queue. */
    IMAGE_TRANSFORMS_PER_CLIENT: z.coerce.number().int().min(1).max(64).optional(),
    /** Stored variants per image made by width/height/format/quality requests; past it they are made but not stored. 0: no limit. */
    IMAGE_VARIANTS_PER_IMAGE: z.coerce.number().int().min(0).default(64),
    /** Total bytes of stored variants, in MB (fractions allowed); least recently used ones go past it. 0: no budget. */
    IMAGE_VARIANT_BUDGET_MB: z.coerce.number().min(0).default(1024),
  })
  .superRefine((env, ctx) => {
    if (env.STORAGE_DRIVER === 's3' && !env.S3_BUCKET) {
      ctx.addIssue({ code: 'custom', path: ['S3_BUCKET'], message: 'is required when STORAGE_DRIVER=s3' });
    }
    if (Boolean(env.ADMIN_EMAIL) !== Boolean(env.ADMIN_PASSWORD)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.ADMIN_EMAIL ? 'ADMIN_PASSWORD' : 'ADMIN_EMAIL'],
        message: 'ADMIN_EMAIL and ADMIN_PASSWORD must be set together',
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

/** What one client may hold of the server before it is cut off. */
export interface HttpLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  /** A socket silent this long is closed. */
  idleTimeoutMs: number;
  /** Sockets that have not yet shown a valid token. */
  maxUnauthenticatedConnections: number;
}

export interface CoreConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string;
  search: { meilisearchUrl?: string; meilisearchApiKey?: string };
  storage: {
    driver: 'local' | 's3';
    s3: {
      bucket?: string;
      endpoint?: string;
      region: string;
      accessKeyId?: string;
      secretAccessKey?: string;
      forcePathStyle: boolean;
    };
  };
  auth: { adminToken?: string; adminEmail?: string; adminPassword?: string; rateLimitPerMinute: number; rateLimitStore: 'memory' | 'database'; authFailuresPerMinute: number };
  /** /metrics: open to anyone (`public`), or to the admin token, an admin key and `token`. */
  metrics: { public: boolean; token?: string };
  publicUrl?: string;
  /** Express's `trust proxy`: which proxies' X-Forwarded-* headers (protocol, host, client address) to believe. */
  trustProxy: boolean | number | string;
  /** Extra plugins to load: package names or paths, from PLUGINS. */
  plugins: string[];
  /** Path of the JSON file holding per-plugin configuration, keyed by plugin id. */
  pluginConfigFile: string;
  logLevel: Env['LOG_LEVEL'];
  jsonBodyLimit: string;
  shutdownTimeoutMs: number;
  http: HttpLimits;
  /** HMAC keys for signed URLs, newest first; older keys still verify so keys can rotate. */
  urlSigningKeys: string[];
  images: {
    /** Lifetime of the signed image and thumbnail URLs the API returns. */
    urlTtlSeconds: number;
    /** Whether shared caches (a CDN, a proxy) may keep images fetched by signed URL. */
    cachePublic: boolean;
    /** Transforms running at once; more wait in line. */
    transformConcurrency: number;
    /** How long a transform may wait for a slot before the request gets 503. */
    queueTimeoutMs: number;
    transformTimeoutSeconds: number;
    /** Larger originals are refused rather than decoded. */
    maxInputPixels: number;
    /** Image requests per client and minute (0: no limit). */
    rateLimitPerMinute: number;
    /** Transforms one client may have running at once. */
    transformsPerClient: number;
    /** Stored variants per image from free-form requests (0: no limit); thumbnails are always stored. */
    variantsPerImage: number;
    /** Total bytes the stored variants may take before the least recently used are removed (0: no budget). */
    variantBudgetBytes: number;
  };
}

function parseTrustProxy(value: string | undefined): boolean | number | string {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadCoreConfig(source: NodeJS.ProcessEnv | Record<string, string | undefined>): CoreConfig {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? 'environment');
        const value = source[name];
        const shown = value === undefined ? 'unset' : name.match(/SECRET|PASSWORD|TOKEN|KEY/) ? '(hidden)' : JSON.stringify(value);
        return `${name}: ${issue.message} (got ${shown})`;
      }),
    );
  }
  const env = parsed.data;
  const dataDir = path.resolve(env.DATA_DIR);
  const databaseUrl = env.DATABASE_URL ?? `sqlite:${path.join(dataDir, 'asset-forge.sqlite')}`;
  // sharp runs on libuv's thread pool, which file and SQLite I/O share: leave them one thread.
  const transformConcurrency =
    env.IMAGE_TRANSFORM_CONCURRENCY ?? Math.max(1, Math.min(os.availableParallelism(), (Number(source.UV_THREADPOOL_SIZE) || 4) - 1));
  return {
    port: env.PORT,
    host: env.HOST,
    dataDir,
    databaseUrl,
    search: { meilisearchUrl: env.MEILISEARCH_URL, meilisearchApiKey: env.MEILISEARCH_API_KEY },
    storage: {
      driver: env.STORAGE_DRIVER,
      s3: {
        bucket: env.S3_BUCKET,
        endpoint: env.S3_ENDPOINT,
        region: env.S3_REGION,
        accessKeyId: env.S3_ACCESS_KEY_ID,
        secretAccessKey: env.S3_SECRET_ACCESS_KEY,
        forcePathStyle: env.S3_FORCE_PATH_STYLE,
      },
    },
    auth: {
      adminToken: env.ADMIN_TOKEN,
      adminEmail: env.ADMIN_EMAIL,
      adminPassword: env.ADMIN_PASSWORD,
      rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE,
      authFailuresPerMinute: env.AUTH_FAILURES_PER_MINUTE,
      rateLimitStore: env.RATE_LIMIT_STORE ?? (databaseUrl.startsWith('sqlite:') ? 'memory' : 'database'),
    },
    metrics: { public: env.METRICS_PUBLIC, token: env.METRICS_TOKEN },
    publicUrl: env.PUBLIC_URL?.replace(/\/+$/, ''),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    plugins: env.PLUGINS ? env.PLUGINS.split(',').map((p) => p.trim()).filter(Boolean) : [],
    pluginConfigFile: path.resolve(env.PLUGIN_CONFIG ?? 'config/plugins.json'),
    logLevel: env.LOG_LEVEL,
    jsonBodyLimit: env.JSON_BODY_LIMIT,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    http: {
      headersTimeoutMs: env.HTTP_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: env.HTTP_REQUEST_TIMEOUT_MS,
      keepAliveTimeoutMs: env.HTTP_KEEP_ALIVE_TIMEOUT_MS,
      idleTimeoutMs: env.HTTP_IDLE_TIMEOUT_MS,
      maxUnauthenticatedConnections: env.HTTP_MAX_UNAUTHENTICATED_CONNECTIONS,
    },
    urlSigningKeys: env.URL_SIGNING_KEYS ? env.URL_SIGNING_KEYS.split(',').map((k) => k.trim()).filter(Boolean) : [],
    images: {
      urlTtlSeconds: env.IMAGE_URL_TTL_SECONDS,
      cachePublic: env.IMAGE_CACHE_PUBLIC,
      transformConcurrency,
      queueTimeoutMs: env.IMAGE_QUEUE_TIMEOUT_MS,
      transformTimeoutSeconds: env.IMAGE_TRANSFORM_TIMEOUT_SECONDS,
      maxInputPixels: env.IMAGE_MAX_INPUT_PIXELS,
      // Turning the API's limit off (behind a gateway that limits, or in tests) turns this one off too, unless set.
      rateLimitPerMinute: env.IMAGE_RATE_LIMIT_PER_MINUTE ?? (env.RATE_LIMIT_PER_MINUTE === 0 ? 0 : 600),
      // One client alone never holds every slot, so someone else's first thumbnail can start at once.
      transformsPerClient: Math.min(transformConcurrency, env.IMAGE_TRANSFORMS_PER_CLIENT ?? Math.max(1, transformConcurrency - 1)),
      variantsPerImage: env.IMAGE_VARIANTS_PER_IMAGE,
      variantBudgetBytes: Math.round(env.IMAGE_VARIANT_BUDGET_MB * 1024 * 1024),
    },
  };
}
