import type { GuestlistClient } from '@guestlist/sdk';
import type { Command } from 'commander';
import type { CommandContext, Io } from '../../context.ts';
import { UsageError } from '../../errors.ts';
import { positive } from '../../flags.ts';
import { inviteTable, write } from '../../output.ts';
import { type FilterOptions, queryOf, withFilters } from './filters.ts';

interface ListOptions extends FilterOptions {
  limit: string;
  page?: string;
  after?: string;
  json?: boolean;
}

/** `guestlist invites list`. */
export function defineList(command: Command, { io, connect }: CommandContext): void {
  withFilters(command)
    .description('one page of invites as a table, with the API filters')
    .option('--limit <n>', 'page size, 1 to 100', '30')
    .option('--page <n>', 'page number, from 1')
    .option('--after <cursor>', 'the cursor the previous page printed')
    .option('--json', 'print the page as JSON: { data, total, nextCursor }')
    .addHelpText(
      'after',
      `
Examples:
  guestlist invites list --status pending --sort expiresAt
  guestlist invites list --status in:expired,canceled --created-after 2026-01-01
  guestlist invites list --limit 100 --after <the cursor the previous page printed>`,
    )
    .action(async (options: ListOptions) => listInvites(await connect(), options, io));
}

/** One page, as a table followed by the total and the cursor of the next page. */
async function listInvites(client: GuestlistClient, options: ListOptions, io: Io) {
  if (options.page && options.after) throw new UsageError('use --page or --after, not both');
  const page = await client.invites.list({
    ...queryOf(options),
    page: {
      size: positive(options.limit, '--limit', 100),
      ...(options.page ? { number: positive(options.page, '--page') } : {}),
      ...(options.after ? { after: options.after } : {}),
    },
  });
  if (options.json) return write(io.stdout, `${JSON.stringify(page, null, 2)}\n`);
  await write(io.stdout, inviteTable(page.data));
  const next = page.nextCursor ? `; next page: --after ${page.nextCursor}` : '';
  await write(io.stdout, `${page.data.length} of ${page.total}${next}\n`);
}
