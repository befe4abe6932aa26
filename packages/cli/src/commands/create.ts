import type { CreateInvitesInput, GuestlistClient, Invite } from '@guestlist/sdk';
import { SingleBar } from 'cli-progress';
import { UsageError } from '../errors.ts';
import { inviteTable, write } from '../output.ts';
import type { Io } from '../program.ts';
import { type GrantOptions, grantsOf } from './grants.ts';

/** The server's cap per request (spec R1): larger counts go in several requests. */
export const MAX_PER_REQUEST = 1000;

export interface CreateOptions extends GrantOptions {
  count: string;
  email?: string;
  type?: 'account' | 'namespace';
  maxUses?: string;
  notify: boolean;
  json?: boolean;
  codes?: boolean;
  progress?: boolean;
}

function countOf(raw: string): number {
  const count = Number(raw);
  if (!Number.isSafeInteger(count) || count < 1)
    throw new UsageError('--count must be a whole number from 1');
  return count;
}

function maxUsesOf(raw: string | undefined): number | null | undefined {
  if (raw === undefined) return undefined;
  if (raw === 'unlimited') return null;
  const uses = Number(raw);
  if (!Number.isSafeInteger(uses) || uses < 1)
    throw new UsageError('--max-uses must be a whole number from 1, or "unlimited"');
  return uses;
}

/**
 * `invites create`: `--count N` in requests of at most 1000, one after another, with a progress
 * bar on stderr when there are several (and stderr is a terminal, or `--progress`). Codes and
 * JSON are written as each request returns; the table once at the end.
 */
export async function createInvites(client: GuestlistClient, options: CreateOptions, io: Io) {
  const total = options.email ? 1 : countOf(options.count);
  const input: CreateInvitesInput = {
    ...grantsOf(options),
    ...(options.email ? { email: options.email, notify: options.notify } : {}),
    ...(options.type ? { type: options.type } : {}),
    ...(options.maxUses === undefined ? {} : { maxUses: maxUsesOf(options.maxUses) }),
  };
  const requests = Math.ceil(total / MAX_PER_REQUEST);
  const showBar = options.progress ?? (requests > 1 && Boolean(io.stderr.isTTY));
  const bar = showBar
    ? new SingleBar({
        stream: io.stderr,
        format: 'creating invites [{bar}] {value}/{total} {percentage}% eta {eta_formatted}',
        // Redraw on every update even when stderr is not a terminal (`--progress` into a log).
        noTTYOutput: !io.stderr.isTTY,
        notTTYSchedule: 250,
        hideCursor: true,
      })
    : null;
  bar?.start(total, 0);
  const kept: Invite[] = [];
  let created = 0;
  if (options.json) await write(io.stdout, '[');
  try {
    while (created < total) {
      const count = Math.min(MAX_PER_REQUEST, total - created);
      const batch = await client.invites.create(options.email ? input : { ...input, count });
      if (options.codes) await write(io.stdout, batch.map((i) => `${i.code}\n`).join(''));
      else if (options.json)
        await write(
          io.stdout,
          batch.map((i, n) => `${created + n === 0 ? '\n' : ',\n'}${JSON.stringify(i)}`).join(''),
        );
      else kept.push(...batch);
      created += batch.length;
      bar?.update(created);
    }
  } finally {
    bar?.stop();
    if (created < total) io.stderr.write(`created ${created} of ${total} invites before failing\n`);
  }
  if (options.json) await write(io.stdout, created === 0 ? ']\n' : '\n]\n');
  else if (!options.codes) await write(io.stdout, inviteTable(kept));
}
