import type { GuestlistClient } from '@guestlist/sdk';
import { UsageError } from '../errors.ts';
import { type FilterOptions, queryOf } from '../filters.ts';
import { inviteTable, write } from '../output.ts';
import type { Io } from '../program.ts';

export interface ListOptions extends FilterOptions {
  limit: string;
  page?: string;
  after?: string;
  json?: boolean;
}

function positive(raw: string, flag: string, max = Number.MAX_SAFE_INTEGER): number {
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1 || value > max)
    throw new UsageError(`${flag} must be a whole number from 1 to ${max}`);
  return value;
}

/** `invites list`: one page, as a table with the total and the cursor of the next page. */
export async function listInvites(client: GuestlistClient, options: ListOptions, io: Io) {
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
