import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config';
import { createKnex, databaseOptions } from '../db/knex';
import { migrateLatest } from '../db/migrate';
import { cliStores, describeFailure, UsageError, type Command, type Options } from './command';
import { consumerCommands } from './commands/consumers';
import { dataCommands } from './commands/data';
import { entitlementCommands } from './commands/entitlements';
import { oidcClientCommands } from './commands/oidc-clients';
import { tokenCommands } from './commands/tokens';
import { userCommands } from './commands/users';

const commands: Record<string, Command> = {
  ...dataCommands,
  ...userCommands,
  ...consumerCommands,
  ...oidcClientCommands,
  ...entitlementCommands,
  ...tokenCommands,
};

const PROGRAM = 'npm run --silent admin --';

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((n) => n.length));
  return [
    `usage: ${PROGRAM} <command> [options]      (${PROGRAM} <command> --help for its options)`,
    '',
    'Every command prints one JSON document on stdout; errors and progress go to stderr (exit code 1, or 2 for a',
    'command line that cannot be understood). The database is DATABASE_URL, as for the service.',
    '',
    'commands:',
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
  ].join('\n');
}

function commandHelp(c: Command): string {
  return `${c.summary}.\n\nusage: ${PROGRAM} ${c.usage}`;
}

const isHelp = (arg: string | undefined) => arg === '--help' || arg === '-h' || arg === 'help';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (isHelp(name)) {
    const topic = rest[0] === undefined ? undefined : commands[rest[0]];
    process.stdout.write(`${topic ? commandHelp(topic) : usage()}\n`);
    return 0;
  }
  const command = name === undefined ? undefined : commands[name];
  if (!command) {
    console.error(name === undefined ? usage() : `unknown command ${name}\n${usage()}`);
    return 2;
  }
  if (rest.some(isHelp)) {
    process.stdout.write(`${commandHelp(command)}\n`);
    return 0;
  }
  let opts: Options;
  try {
    const names = command.positionals ?? [];
    const flags = command.flags ?? [];
    const parsed = parseArgs({
      args: rest,
      options: Object.fromEntries([
        ...command.options.map((o) => [o, { type: 'string' as const }]),
        ...flags.map((f) => [f, { type: 'boolean' as const }]),
      ]),
      strict: true,
      allowPositionals: names.length > 0,
    });
    if (parsed.positionals.length !== names.length) throw new Error(`expected ${names.length} argument(s)`);
    opts = { ...(parsed.values as Options), ...Object.fromEntries(names.map((n, i) => [n, parsed.positionals[i]])) };
  } catch (e) {
    console.error(`${(e as Error).message}\nusage: ${PROGRAM} ${command.usage}`);
    return 2;
  }
  const config = loadConfig();
  // The service's TLS and connect settings; no statement limit (imports write large batches).
  const db = createKnex(config.DATABASE_URL, 2, { ...databaseOptions(config), queryTimeoutMs: 0 });
  try {
    if (command.autoMigrate !== false && config.AUTO_MIGRATE) await migrateLatest(db);
    const result = await command.run({
      db,
      opts,
      config,
      stores: cliStores(db, config),
      readStdin,
      progress: (message) => process.stderr.write(`${message}\n`),
    });
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  } finally {
    await db.destroy();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof UsageError || e instanceof ConfigError ? e.message : `admin failed: ${describeFailure(e)}`);
    process.exit(1);
  },
);
