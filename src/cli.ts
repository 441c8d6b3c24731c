import { Command } from 'commander';
import { Kernel } from './core/kernel.ts';
import { createMigrator } from './core/db/migrator.ts';
import { createSequelize, prepareDatabase } from './core/db/database.ts';
import { CORE } from './core/tokens.ts';
import { ConfigError } from './core/config/env.ts';
import { runSeeders } from './core/db/seeders.ts';
import { explainDatabaseStartError } from './core/db/database-start-error.ts';

const print = (line: string) => process.stdout.write(`${line}\n`);

async function withKernel<T>(fn: (kernel: Kernel) => Promise<T>): Promise<T> {
  const kernel = new Kernel({ mode: 'cli', env: { LOG_LEVEL: 'warn', ...process.env } });
  await kernel.boot();
  try {
    return await fn(kernel);
  } finally {
    await kernel.stop();
  }
}

async function main(argv: string[]): Promise<void> {
  const program = new Command('asset-forge').description('asset-forge command line').showHelpAfterError();

  program
    .command('migrate')
    .description('apply pending migrations (or undo them with --down)')
    .option('--down', 'undo the last migration')
    .option('--to <name>', "with --down, undo down to this migration (use 0 for all)")
    .action(async (options: { down?: boolean; to?: string }) => {
      const kernel = new Kernel({ mode: 'cli', env: { LOG_LEVEL: 'warn', ...process.env } });
      if (!options.down) {
        await kernel.boot();
        const sequelize = kernel.sequelize;
        const executed = await createMigrator(sequelize, kernel.migrationFolders()).executed();
        print(`Schema is up to date: ${executed.length} migrations applied.`);
        await kernel.stop();
        return;
      }
      const sequelize = createSequelize(kernel.config.databaseUrl);
      await prepareDatabase(sequelize);
      const migrator = createMigrator(sequelize, kernel.migrationFolders());
      const undone = await migrator.down(options.to === undefined ? undefined : { to: options.to === '0' ? 0 : options.to });
      undone.forEach((m) => print(`undone ${m.name}`));
      await sequelize.close();
    });

  program
    .command('seed')
    .description('load the demo project: image assets with images, generations in every status, media and coloured tags')
    .action(() => withKernel(async (kernel) => runSeeders(kernel.container, print)));

  const apikey = program.command('apikey').description('manage API keys');
  apikey
    .command('create')
    .description('create a key and print its token once')
    .requiredOption('--name <name>', 'a name to recognise the key by')
    .option('--project <id...>', 'limit the key to these projects (repeatable)')
    .option('--write', 'allow changes (default: read-only)', false)
    .option('--media-library', 'with --project, also reach the shared media library and tags (/api/media-assets, /api/tags)')
    .option('--no-media-library', 'without --project, keep the key out of the shared media library and tags')
    .action((options: { name: string; project?: string[]; write: boolean; mediaLibrary?: boolean }) =>
      withKernel(async (kernel) => {
        const { token, key } = await kernel.container
          .get(CORE.apiKeys)
          .create({ name: options.name, projectIds: options.project, canWrite: options.write, mediaLibrary: options.mediaLibrary });
        print(
          `Created API key ${key.id} (${key.name}, ${key.can_write ? 'read-write' : 'read-only'}, projects: ${key.project_ids?.join(', ') ?? 'all'}, media library: ${key.media_library ? 'yes' : 'no'}).`,
        );
        print('Token (shown once, store it now):');
        print(token);
      }),
    );
  apikey
    .command('list')
    .description('list keys (never their tokens)')
    .action(() =>
      withKernel(async (kernel) => {
        const keys = await kernel.container.get(CORE.apiKeys).list();
        if (keys.length === 0) print('No API keys.');
        for (const k of keys) {
          print(`${k.id}  ${k.token_prefix}…  ${k.name}  ${k.can_write ? 'rw' : 'ro'}  projects=${k.project_ids?.join(',') ?? '*'}  media-library=${k.media_library ? 'yes' : 'no'}  ${k.revoked_at ? `revoked ${k.revoked_at}` : 'active'}`);
        }
      }),
    );
  apikey
    .command('revoke')
    .description('revoke a key at once')
    .argument('<id>', 'the key id')
    .action((id: string) =>
      withKernel(async (kernel) => {
        const key = await kernel.container.get(CORE.apiKeys).revoke(id);
        print(`Revoked ${key.id} (${key.name}).`);
      }),
    );

  // Plugins' commands: listed from the plugins found (no database needed, so --help shows them);
  // running one boots the kernel, which also validates configuration.
  const probe = new Kernel({ mode: 'cli', env: { LOG_LEVEL: 'warn', ...process.env } });
  let booted = false;
  for (const plugin of await probe.discoverPlugins()) {
    for (const command of plugin.commands ?? []) {
      const cmd = program.command(command.name).description(`${command.description} [${plugin.id}]`);
      if (command.arguments) cmd.arguments(command.arguments);
      for (const option of command.options ?? []) cmd.option(option.flags, option.description, option.defaultValue);
      cmd.action(async (...received: unknown[]) => {
        const commandObject = received[received.length - 1] as Command;
        await probe.boot();
        booted = true;
        await command.run({
          container: probe.container,
          logger: probe.logger,
          options: commandObject.opts(),
          args: commandObject.args,
          print,
        });
      });
    }
  }

  try {
    await program.parseAsync(argv);
  } finally {
    if (booted) await probe.stop();
  }
}

main(process.argv).catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : (explainDatabaseStartError(err, process.env.DATABASE_URL ?? '') ?? (err as Error).message ?? err));
  process.exit(1);
});
