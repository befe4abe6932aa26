import { createRequire } from 'node:module';
import type { Writable } from 'node:stream';
import { createGuestlistClient, type GuestlistClient } from '@guestlist/sdk';
import { Command, Option } from 'commander';
import { createInvites } from './commands/create.ts';
import { exportCommand } from './commands/export.ts';
import { cancelInvites, resendInvite, sendInvites } from './commands/lifecycle.ts';
import { listInvites } from './commands/list.ts';
import { CONFIG_FILES, type ConnectionFlags, resolveConnection } from './config.ts';
import { withFilters } from './filters.ts';

/** Where a command reads and writes: the process's, or a test's. */
export interface Io {
  stdout: Writable;
  stderr: Writable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The grant options `create` and `send` share. */
function withGrants(command: Command): Command {
  return command
    .option('--expires-in <duration>', 'a duration (90s, 30m, 12h, 7d) or "never"')
    .option('--expires-at <date>', 'an ISO date in the future')
    .option('--permission <permission>', 'a permission to grant (repeatable)', collect)
    .option('--group <groupId>', 'a group to join (repeatable)', collect)
    .option('--metadata <json>', 'free JSON kept with each invite')
    .option('--inviter <userId>', 'the user named as inviter');
}

/** The `guestlist` program. Every action connects with flags, environment or config file. */
export function buildProgram(io: Io): Command {
  const program = new Command('guestlist')
    .description('Administer a Guestlist server: create, list, cancel, resend and export invites.')
    .version(version)
    .option('--url <url>', 'the server, e.g. https://invites.example.com (env GUESTLIST_URL)')
    .option('--token <apiKey>', 'an API key (env GUESTLIST_TOKEN: flags stay in shell history)')
    .option('--config <file>', `a JSON config file (default: ${CONFIG_FILES.join(', ')} upwards)`)
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      `
Configuration, first found wins: --url/--token, GUESTLIST_URL/GUESTLIST_TOKEN, then a config
file { "url": "...", "token": "..." }. Exit codes: 0 done, 1 refused by the server, 2 usage.`,
    );

  /** Runs an action with a client, once the connection is resolved. */
  const withClient =
    <A extends unknown[]>(action: (client: GuestlistClient, ...args: A) => Promise<unknown>) =>
    async (...args: A) => {
      const flags = program.opts<ConnectionFlags>();
      const { url, token } = await resolveConnection(flags, io.env, io.cwd);
      await action(createGuestlistClient({ url, token }), ...args);
    };

  const invites = program
    .command('invites')
    .description('invites: create, list, cancel, resend, send, export');

  withGrants(invites.command('create'))
    .description('create invites: --count of them (any number), or one bound to --email')
    .option('-n, --count <n>', 'how many; more than 1000 go in several requests', '1')
    .option('--email <address>', 'one invite bound to this address (emailed unless --no-notify)')
    .addOption(new Option('--type <type>', 'what it invites to').choices(['account', 'namespace']))
    .option('--max-uses <n>', 'redemptions allowed, or "unlimited" (default 1)')
    .option('--no-notify', 'with --email: do not send the email')
    .option('--json', 'print the invites as a JSON array')
    .option('--codes', 'print one code per line')
    .option('--progress', 'always show the progress bar (default: on a terminal, for >1000)')
    .option('--no-progress', 'never show the progress bar')
    .addHelpText(
      'after',
      '\nExample:\n  guestlist invites create --count 5000 --expires-in 30d --codes > codes.txt',
    )
    .action(withClient((client, options) => createInvites(client, options, io)));

  withFilters(invites.command('list'))
    .description('one page of invites as a table, with the API filters')
    .option('--limit <n>', 'page size, 1 to 100', '30')
    .option('--page <n>', 'page number, from 1')
    .option('--after <cursor>', 'the cursor the previous page printed')
    .option('--json', 'print the page as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  guestlist invites list --status pending --sort expiresAt\n  guestlist invites list --status in:expired,canceled --created-after 2026-01-01',
    )
    .action(withClient((client, options) => listInvites(client, options, io)));

  invites
    .command('cancel')
    .description('cancel pending invites, by id or code')
    .argument('<invite...>', 'ids or codes')
    .action(withClient((client, refs: string[]) => cancelInvites(client, refs, io)));

  invites
    .command('resend')
    .description('email an invite again; --extend restarts its expiry')
    .argument('<invite>', 'id or code')
    .option('--extend [duration]', 'restart the expiry: its original length, or this duration')
    .option('--json', 'print the invite as JSON')
    .action(withClient((client, ref: string, options) => resendInvite(client, ref, options, io)));

  withGrants(invites.command('send'))
    .description('create and email one invite per address')
    .argument('<email...>', 'addresses')
    .option('--json', 'print the invites as JSON')
    .addHelpText(
      'after',
      '\nExample:\n  guestlist invites send ada@example.com grace@example.com --expires-in 14d',
    )
    .action(
      withClient((client, emails: string[], options) => sendInvites(client, emails, options, io)),
    );

  withFilters(invites.command('export'))
    .description('every matching invite as CSV or JSON, streamed')
    .addOption(
      new Option('--format <format>', 'csv or json').choices(['csv', 'json']).default('csv'),
    )
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .addHelpText(
      'after',
      '\nExample:\n  guestlist invites export --status accepted --format csv -o accepted.csv',
    )
    .action(withClient((client, options) => exportCommand(client, options, io)));

  return program;
}
