import { createHash, randomUUID } from 'node:crypto';
import { ConflictError, InputError, NotFoundError, injectable } from '../../src/index.ts';
import { AdminAccount } from './admin-account.model.ts';
import { hashPassword, verifyPassword } from './password-hash.ts';

export interface AdminAccountView {
  id: string;
  email: string;
  created_at: string;
}

export const MIN_PASSWORD_LENGTH = 12;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const normalEmail = (email: string) => email.trim().toLowerCase();

const toView = (a: AdminAccount): AdminAccountView => ({ id: a.id, email: a.email, created_at: a.createdAt.toISOString() });
const stampOf = (passwordHash: string) => createHash('sha256').update(passwordHash).digest('base64url').slice(0, 22);

// Compared against when the email is unknown, so a miss costs as much as a wrong password.
let decoyHash: Promise<string> | undefined;

/** Dashboard accounts: emails with scrypt password hashes. */
@injectable()
export class AdminAccountService {
  model(): typeof AdminAccount {
    return AdminAccount;
  }

  async count(): Promise<number> {
    return AdminAccount.count();
  }

  /**
   * A fingerprint of the account's password hash, kept in its sessions: deleting the account or
   * changing its password changes it, which ends those sessions. Null when the account is gone.
   */
  async sessionStamp(id: string): Promise<string | null> {
    const account = await AdminAccount.findByPk(id, { attributes: ['passwordHash'] });
    return account ? stampOf(account.passwordHash) : null;
  }

  /** Creates the account named by ADMIN_EMAIL unless it exists; an existing password is never overwritten. */
  async ensure(email: string, password: string): Promise<'created' | 'exists'> {
    if (await AdminAccount.findOne({ where: { email: normalEmail(email) } })) return 'exists';
    try {
      await this.create({ email, password });
      return 'created';
    } catch (err) {
      if (err instanceof ConflictError) return 'exists'; // another instance created it meanwhile
      throw err;
    }
  }

  async create(input: { email: string; password: string }): Promise<AdminAccountView> {
    const email = normalEmail(input.email ?? '');
    this.assertValid(email, input.password);
    if (await AdminAccount.findOne({ where: { email } })) throw new ConflictError(`An admin account for ${email} exists.`);
    const now = new Date();
    try {
      const account = await AdminAccount.create({ id: randomUUID(), email, passwordHash: await hashPassword(input.password), createdAt: now, updatedAt: now });
      return toView(account);
    } catch (err) {
      if ((err as Error).name === 'SequelizeUniqueConstraintError') throw new ConflictError(`An admin account for ${email} exists.`);
      throw err;
    }
  }

  async setPassword(id: string, password: string): Promise<AdminAccountView> {
    const account = await this.require(id);
    this.assertValid(account.email, password);
    await account.update({ passwordHash: await hashPassword(password), updatedAt: new Date() });
    return toView(account);
  }

  /** Removes an account; the last one stays, or nobody could sign in again. */
  async remove(id: string): Promise<void> {
    const account = await this.require(id);
    if ((await AdminAccount.count()) <= 1) throw new ConflictError('The last admin account cannot be deleted.');
    await account.destroy();
  }

  /** The account for these credentials (with its session stamp), or null. */
  async verify(email: string, password: string): Promise<(AdminAccountView & { stamp: string }) | null> {
    const account = typeof email === 'string' ? await AdminAccount.findOne({ where: { email: normalEmail(email) } }) : null;
    if (typeof password !== 'string' || password.length === 0 || password.length > 1024) return null;
    if (!account) {
      decoyHash ??= hashPassword('decoy password for unknown emails');
      await verifyPassword(password, await decoyHash);
      return null;
    }
    return (await verifyPassword(password, account.passwordHash)) ? { ...toView(account), stamp: stampOf(account.passwordHash) } : null;
  }

  private async require(id: string): Promise<AdminAccount> {
    const account = await AdminAccount.findByPk(id);
    if (!account) throw new NotFoundError('Admin account', id);
    return account;
  }

  private assertValid(email: string, password: string): void {
    if (!EMAIL.test(email)) throw InputError.field('email', 'must be an email address');
    if (typeof password !== 'string' || password.length < MIN_PASSWORD_LENGTH || password.length > 1024) {
      throw InputError.field('password', `must be ${MIN_PASSWORD_LENGTH} to 1024 characters`);
    }
  }
}
