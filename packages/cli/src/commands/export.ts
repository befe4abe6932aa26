import { open } from 'node:fs/promises';
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
