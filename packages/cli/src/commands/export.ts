import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import type { GuestlistClient } from '@guestlist/sdk';
import { UsageError } from '../errors.ts';
import { type FilterOptions, queryOf } from '../filters.ts';
import { exportInvites } from '../output.ts';
import type { Io } from '../program.ts';

export interface ExportOptions extends FilterOptions {
  format: string;
  output?: string;
}

/**
 * `invites export`: every matching invite, page after page through keyset cursors (100 at a
 * time), streamed to stdout or a file, so the whole set is never held in memory.
 */
export async function exportCommand(client: GuestlistClient, options: ExportOptions, io: Io) {
  if (options.format !== 'csv' && options.format !== 'json')
    throw new UsageError('--format must be csv or json');
  const query = { ...queryOf(options), page: { size: 100 } };
  const out = options.output ? createWriteStream(options.output) : io.stdout;
  const count = await exportInvites(client.invites.iterate(query), options.format, out);
  if (options.output) {
    out.end();
    await finished(out);
    io.stderr.write(`exported ${count} invites to ${options.output}\n`);
  }
}
