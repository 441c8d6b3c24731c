import { randomBytes } from 'node:crypto';
import { QueryTypes, type Sequelize } from 'sequelize';

/** The cookie-signing secret, generated once and kept in the database so every instance and restart agrees. */
export async function sessionSecret(sequelize: Sequelize): Promise<string> {
  const read = async () =>
    (await sequelize.query<{ value: string }>('SELECT value FROM admin_secrets WHERE name = :name', { replacements: { name: 'session' }, type: QueryTypes.SELECT }))[0]?.value;
  const existing = await read();
  if (existing) return existing;
  try {
    await sequelize.query('INSERT INTO admin_secrets (name, value) VALUES (:name, :value)', {
      replacements: { name: 'session', value: randomBytes(32).toString('base64url') },
    });
  } catch {
    // Another instance inserted it first: use theirs.
  }
  const value = await read();
  if (!value) throw new Error('could not store the dashboard session secret');
  return value;
}
