import { createHmac, timingSafeEqual } from 'node:crypto';

/** Signs and checks URLs that grant access on their own, such as an image in an <img> tag. */
export interface UrlSigner {
  /** Answers the path with `expires`, `kid` (the key id) and `sig` query parameters added. */
  sign(pathWithQuery: string, options?: { ttlSeconds?: number }): string;
  /** Checks a request's original URL (path and query as received). */
  verify(originalUrl: string): 'valid' | 'expired' | 'invalid';
}

export interface SigningKey {
  id: string;
  secret: Buffer;
}

const SIGNED_PARAMS = new Set(['expires', 'kid', 'sig']);
/** Expiries are rounded up to this many seconds, so one image keeps one URL and browsers can cache it. */
const EXPIRY_BUCKET_SECONDS = 3600;
/** Signed URLs already verified, remembered with their expiry (an <img> URL is fetched again and again). */
const MAX_VERIFIED = 10_000;
/** URLs already signed for the current expiry: a list page signs 50 thumbnails that rarely change. */
const MAX_SIGNED = 50_000;

function paramName(part: string): string {
  const name = part.split('=', 1)[0];
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

function paramValue(part: string): string {
  return part.slice(part.indexOf('=') + 1);
}

/**
 * HMAC-SHA256 over the path and query (everything but `sig`, so the expiry and key id are covered
 * too). The first key signs; every key verifies, so a key can be rotated without breaking the URLs
 * already handed out.
 */
export class HmacUrlSigner implements UrlSigner {
  private keys: SigningKey[] = [];
  private readonly verified = new Map<string, number>();
  private readonly signed = new Map<string, { expires: number; url: string }>();

  constructor(
    private readonly defaultTtlSeconds: number,
    private readonly nowSeconds: () => number = () => Math.floor(Date.now() / 1000),
  ) {}

  /** Called once the keys are known (after migrations, which create the generated key's table). */
  useKeys(keys: SigningKey[]): void {
    if (keys.length === 0) throw new Error('A URL signer needs at least one key.');
    this.keys = keys;
    this.verified.clear();
    this.signed.clear();
  }

  sign(pathWithQuery: string, options: { ttlSeconds?: number } = {}): string {
    const key = this.keys[0];
    if (!key) throw new Error('The URL signer has no key yet.');
    const ttl = options.ttlSeconds ?? this.defaultTtlSeconds;
    if (!Number.isInteger(ttl) || ttl <= 0) throw new Error(`ttlSeconds must be a positive integer (got ${ttl}).`);
    const bucket = Math.min(EXPIRY_BUCKET_SECONDS, ttl);
    const expires = Math.ceil((this.nowSeconds() + ttl) / bucket) * bucket;
    const cacheKey = `${ttl} ${pathWithQuery}`;
    const known = this.signed.get(cacheKey);
    if (known?.expires === expires) return known.url;
    const [path, query = ''] = splitOnce(pathWithQuery, '?');
    const parts = query.split('&').filter((part) => part !== '' && !SIGNED_PARAMS.has(paramName(part)));
    parts.push(`expires=${expires}`, `kid=${encodeURIComponent(key.id)}`);
    const unsigned = `${path}?${parts.join('&')}`;
    const url = `${unsigned}&sig=${this.mac(key, unsigned)}`;
    if (this.signed.size >= MAX_SIGNED) this.signed.delete(this.signed.keys().next().value as string);
    this.signed.set(cacheKey, { expires, url });
    return url;
  }

  verify(originalUrl: string): 'valid' | 'expired' | 'invalid' {
    // A valid signature stays valid for the same keys; only the expiry needs checking again.
    const knownExpiry = this.verified.get(originalUrl);
    if (knownExpiry !== undefined) return knownExpiry > this.nowSeconds() ? 'valid' : 'expired';
    const [path, query = ''] = splitOnce(originalUrl, '?');
    const parts = query.split('&').filter((part) => part !== '');
    const sigs = parts.filter((part) => paramName(part) === 'sig');
    const rest = parts.filter((part) => paramName(part) !== 'sig');
    const expiresParts = rest.filter((part) => paramName(part) === 'expires');
    const kidParts = rest.filter((part) => paramName(part) === 'kid');
    if (sigs.length !== 1 || expiresParts.length !== 1 || kidParts.length !== 1) return 'invalid';
    const kid = safeDecode(paramValue(kidParts[0]));
    const key = this.keys.find((k) => k.id === kid);
    if (!key) return 'invalid';
    const given = Buffer.from(paramValue(sigs[0]), 'base64url');
    const expected = Buffer.from(this.mac(key, `${path}?${rest.join('&')}`), 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
    const expires = Number(paramValue(expiresParts[0]));
    if (!Number.isInteger(expires)) return 'invalid';
    if (this.verified.size >= MAX_VERIFIED) this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(originalUrl, expires);
    return expires > this.nowSeconds() ? 'valid' : 'expired';
  }

  private mac(key: SigningKey, unsigned: string): string {
    return createHmac('sha256', key.secret).update(unsigned).digest('base64url');
  }
}

function splitOnce(value: string, separator: string): [string, string?] {
  const at = value.indexOf(separator);
  return at === -1 ? [value] : [value.slice(0, at), value.slice(at + 1)];
}

function safeDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}
