import { randomBytes } from 'node:crypto';
import { UniqueConstraintError } from 'sequelize';
import type { SigningKey } from './url-signer.ts';
import { UrlSigningKey } from './url-signing-key.model.ts';

const GENERATED_KEY_ID = 'g1';

/** `id:secret` entries from URL_SIGNING_KEYS (already validated by the env schema). */
export function parseSigningKeys(entries: string[]): SigningKey[] {
  return entries.map((entry) => {
    const at = entry.indexOf(':');
    return { id: entry.slice(0, at), secret: Buffer.from(entry.slice(at + 1), 'utf8') };
  });
}

/**
 * The configured keys, or else the database's generated key, made by whichever instance boots
 * first: a concurrent loser of the insert reads the winner's key.
 */
export async function loadSigningKeys(configured: string[]): Promise<SigningKey[]> {
  if (configured.length > 0) return parseSigningKeys(configured);
  let row = await UrlSigningKey.findByPk(GENERATED_KEY_ID);
  if (!row) {
    try {
      row = await UrlSigningKey.create({ id: GENERATED_KEY_ID, secret: randomBytes(32).toString('base64url'), createdAt: new Date() });
    } catch (err) {
      if (!(err instanceof UniqueConstraintError)) throw err;
      row = await UrlSigningKey.findByPk(GENERATED_KEY_ID, { rejectOnEmpty: true });
    }
  }
  return [{ id: row.id, secret: Buffer.from(row.secret, 'utf8') }];
}
