import { open } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import type { GuestlistClient } from '@guestlist/sdk';
import { type Command, Option } from 'commander';
import type { CommandContext, Io } from '../../context.ts';
import { UsageError } from '../../errors.ts';
import { exportInvites } from '../../output.ts';
import { type FilterOptions, queryOf, withFilters } from './filters.ts';

interface ExportOptions extends FilterOptions {
  format: 'csv' | 'json';
  output?: string;
}

/** `guestlist invites export`. */
export function defineExport(command: Command, { io, connect }: CommandContext): void {
  withFilters(command)
    .description('every matching invite as CSV or JSON, streamed page by page')
    .addOption(
      new Option('--format <format>', 'csv or json').choices(['csv', 'json']).default('csv'),
    )
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .addHelpText(
      'after',
      `
Examples:
  guestlist invites export --status accepted --format csv -o accepted.csv
  guestlist invites export --format json --created-after 2026-01-01 > invites.json`,
    )
    .action(async (options: ExportOptions) => exportCommand(await connect(), options, io));
}

/**
 * Every matching invite, page after page through keyset cursors (100 at a time), streamed to
 * stdout or a file, so the whole set is never held in memory.
 */
async function exportCommand(client: GuestlistClient, options: ExportOptions, io: Io) {
  const query = { ...queryOf(options), page: { size: 100 } };
  // The file is opened before the first request, so a wrong path costs no export.
  const file = options.output
    ? await open(options.output, 'w').catch((error: NodeJS.ErrnoException) => {
        throw new UsageError(`cannot write ${options.output} (${error.code ?? error.message})`);
      })
    : null;
  const out = file ? file.createWriteStream() : io.stdout;
  // A failed write (a full disk) surfaces through `finished` below, not as an uncaught event.
  out.on('error', () => {});
  const count = await exportInvites(client.invites.iterate(query), options.format, out);
  if (file) {
    out.end();
    await finished(out);
    io.stderr.write(`exported ${count} invites to ${options.output}\n`);
  }
}
