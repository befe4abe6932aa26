import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Invite } from '@guestlist/sdk';
import Table from 'cli-table3';
import { stringify } from 'csv-stringify';

/**
 * Writes a chunk, waiting while the stream's buffer is full (a large export to a pipe); a
 * stream that failed (a full disk) stops the command instead of being written to again.
 */
export async function write(out: Writable, text: string): Promise<void> {
  if (out.errored) throw out.errored;
  if (!out.write(text)) await once(out, 'drain');
}

const date = (value: string | null) => (value ? value.replace(/\.\d{3}Z$/, 'Z') : '');

/** The invites as a plain table: no colours, so it reads the same in a file or a pipe. */
export function inviteTable(invites: readonly Invite[]): string {
  const table = new Table({
    head: ['id', 'code', 'status', 'type', 'email', 'namespace', 'expires', 'created'],
    style: { head: [], border: [] },
  });
  for (const invite of invites) {
    table.push([
      invite.id,
      invite.code ?? '',
      invite.status,
      invite.type,
      invite.email ?? '',
      invite.namespace?.path ?? '',
      date(invite.expiresAt) || 'never',
      date(invite.createdAt),
    ]);
  }
  return `${table.toString()}\n`;
}

/** Export columns: scalars as they are, lists and objects as JSON in their cell. */
const CSV_COLUMNS: { key: string; value: (invite: Invite) => string | number | null }[] = [
  { key: 'id', value: (i) => i.id },
  { key: 'code', value: (i) => i.code },
  { key: 'url', value: (i) => i.url },
  { key: 'type', value: (i) => i.type },
  { key: 'status', value: (i) => i.status },
  { key: 'email', value: (i) => i.email },
  { key: 'inviterId', value: (i) => i.inviterId },
  { key: 'inviteeId', value: (i) => i.inviteeId },
  { key: 'namespace', value: (i) => i.namespace?.path ?? null },
  { key: 'role', value: (i) => i.role },
  { key: 'permissions', value: (i) => JSON.stringify(i.permissions) },
  { key: 'groups', value: (i) => JSON.stringify(i.groups) },
  { key: 'metadata', value: (i) => JSON.stringify(i.metadata) },
  { key: 'maxUses', value: (i) => i.maxUses },
  { key: 'uses', value: (i) => i.uses },
  { key: 'delivery', value: (i) => i.delivery?.status ?? null },
  { key: 'expiresAt', value: (i) => i.expiresAt },
  { key: 'createdAt', value: (i) => i.createdAt },
  { key: 'updatedAt', value: (i) => i.updatedAt },
  { key: 'acceptedAt', value: (i) => i.acceptedAt },
  { key: 'canceledAt', value: (i) => i.canceledAt },
];

/** Streams invites into `out` as CSV (RFC 4180 quoting, a header row) or as one JSON array. */
export async function exportInvites(
  invites: AsyncIterable<Invite>,
  format: 'csv' | 'json',
  out: Writable,
): Promise<number> {
  let count = 0;
  if (format === 'json') {
    await write(out, '[');
    for await (const invite of invites) {
      await write(out, `${count === 0 ? '\n' : ',\n'}${JSON.stringify(invite)}`);
      count++;
    }
    await write(out, count === 0 ? ']\n' : '\n]\n');
    return count;
  }
  const csv = stringify({ header: true, columns: CSV_COLUMNS.map(({ key }) => key) });
  csv.pipe(out, { end: false });
  for await (const invite of invites) {
    const row = CSV_COLUMNS.map(({ value }) => value(invite) ?? '');
    if (!csv.write(row)) await once(csv, 'drain');
    count++;
  }
  csv.end();
  await once(csv, 'end');
  return count;
}
