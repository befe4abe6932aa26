import { createRequire } from 'node:module';
import { createGuestlistClient } from '@guestlist/sdk';
import { Command } from 'commander';
import { defineCancel } from './commands/invites/cancel.ts';
import { defineCreate } from './commands/invites/create.ts';
import { defineExport } from './commands/invites/export.ts';
import { defineList } from './commands/invites/list.ts';
import { defineResend } from './commands/invites/resend.ts';
import { defineSend } from './commands/invites/send.ts';
import { defineWebhookDeliveries } from './commands/webhooks/deliveries.ts';
import { defineWebhookList } from './commands/webhooks/list.ts';
import { defineWebhookRetry } from './commands/webhooks/retry.ts';
import { defineWebhookTest } from './commands/webhooks/test.ts';
import { CONFIG_FILES, type ConnectionFlags, resolveConnection } from './config.ts';
import type { CommandContext, Io } from './context.ts';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/**
 * Commander echoes an unknown option whole, so a mistyped `--tokn=gl_...` would print the key:
 * keep the option's name, hide its value.
 */
function hideOptionValues(text: string): string {
  return text.replace(/(unknown option '-{1,2}[^'=\s]+)=[^']*'/g, "$1=<hidden>'");
}

/** The `guestlist` program: the connection flags, and the `invites` and `webhooks` commands. */
export function buildProgram(io: Io): Command {
  const program = new Command('guestlist')
    .description(
      'Administer a Guestlist server: create, list, cancel, resend and export invites; test webhooks and read their deliveries.',
    )
    .version(version)
    .option('--url <url>', 'the server, e.g. https://invites.example.com (env GUESTLIST_URL)')
    // No default shown, ever: help output must not echo a key from the environment.
    .option('--token <apiKey>', 'an API key (env GUESTLIST_TOKEN: flags stay in shell history)')
    .option('--config <file>', `a JSON config file (default: ${CONFIG_FILES.join(', ')} upwards)`)
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(hideOptionValues(text)),
    })
    // Commander throws instead of exiting, so main decides the exit code.
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      `
Configuration, first found wins: --url/--token, GUESTLIST_URL/GUESTLIST_TOKEN, then a config
file { "url": "...", "token": "..." }. Exit codes: 0 done, 1 refused by the server, 2 usage.

Examples:
  export GUESTLIST_URL=https://invites.example.com GUESTLIST_TOKEN=gl_...
  guestlist invites create --count 100 --expires-in 30d --codes > codes.txt
  guestlist invites list --status pending
  guestlist --config ./staging.json invites export --format csv -o invites.csv`,
    );

  const context: CommandContext = {
    io,
    async connect() {
      const flags = program.opts<ConnectionFlags>();
      return createGuestlistClient(await resolveConnection(flags, io.env, io.cwd));
    },
  };

  // `.command()` (not `addCommand`) so each subcommand inherits the output and exit settings.
  const invites = program
    .command('invites')
    .description('invites: create, list, cancel, resend, send, export')
    .addHelpText(
      'after',
      `
Examples:
  guestlist invites create --count 2500 --progress
  guestlist invites list --status in:pending,expired --sort expiresAt
  guestlist invites cancel <id-or-code>
  guestlist invites resend <id-or-code> --extend 7d
  guestlist invites send ada@example.com grace@example.com
  guestlist invites export --format json -o invites.json`,
    );
  defineCreate(invites.command('create'), context);
  defineList(invites.command('list'), context);
  defineCancel(invites.command('cancel'), context);
  defineResend(invites.command('resend'), context);
  defineSend(invites.command('send'), context);
  defineExport(invites.command('export'), context);

  const webhooks = program
    .command('webhooks')
    .description('webhooks: list, test, deliveries, retry')
    .addHelpText(
      'after',
      `
Examples:
  guestlist webhooks list
  guestlist webhooks test <id>
  guestlist webhooks deliveries <id> --limit 10
  guestlist webhooks retry <id> <deliveryId>`,
    );
  defineWebhookList(webhooks.command('list'), context);
  defineWebhookTest(webhooks.command('test'), context);
  defineWebhookDeliveries(webhooks.command('deliveries'), context);
  defineWebhookRetry(webhooks.command('retry'), context);
  return program;
}
