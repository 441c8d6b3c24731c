import type { PluginCommand } from '../../src/index.ts';
import { AdminAccount } from './admin-account.model.ts';
import { ADMIN } from './tokens.ts';

async function firstLineOfStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password (the input is shown; prefer piping it in): ');
  let text = '';
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

/**
 * `echo "$PASSWORD" | npm run cli -- admin-password you@example.com`: creates that dashboard account,
 * or sets its password. The password comes from stdin (or ADMIN_PASSWORD), never from the command
 * line, where it would end up in the shell history and the process list.
 */
export const adminPasswordCommand: PluginCommand = {
  name: 'admin-password',
  description: 'create a dashboard account or set its password (password read from stdin, or ADMIN_PASSWORD)',
  arguments: '<email>',
  async run({ container, args, print }) {
    const accounts = container.get(ADMIN.accounts);
    const email = String(args[0] ?? '').trim().toLowerCase();
    const password = process.env.ADMIN_PASSWORD ?? (await firstLineOfStdin());
    const existing = await AdminAccount.findOne({ where: { email } });
    if (existing) {
      await accounts.setPassword(existing.id, password);
      print(`Password of ${email} changed.`);
    } else {
      await accounts.create({ email, password });
      print(`Account ${email} created.`);
    }
  },
};
