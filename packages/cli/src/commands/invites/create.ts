import {
  type CreateInvitesInput,
  type GuestlistClient,
  type Invite,
  type InviteType,
  inviteTypes,
} from '@guestlist/sdk';
import { SingleBar } from 'cli-progress';
import { type Command, Option } from 'commander';
import type { CommandContext, Io } from '../../context.ts';
import { UsageError } from '../../errors.ts';
import { inviteTable, write } from '../../output.ts';
import { type GrantOptions, grantsOf, withGrants } from './grants.ts';

/** The server's cap per request (spec R1): larger counts go in several requests. */
export const MAX_PER_REQUEST = 1000;

interface CreateOptions extends GrantOptions {
  count: string;
  email?: string;
  type?: InviteType;
  maxUses?: string;
  notify: boolean;
  json?: boolean;
  codes?: boolean;
  progress?: boolean;
}

/** `guestlist invites create`. */
export function defineCreate(command: Command, { io, connect }: CommandContext): void {
  withGrants(command)
    .description('create invites: --count of them (any number), or one bound to --email')
    .option('-n, --count <n>', 'how many; more than 1000 go in several requests', '1')
    .option('--email <address>', 'one invite bound to this address (emailed unless --no-notify)')
    .addOption(new Option('--type <type>', 'what it invites to').choices(inviteTypes))
    .option('--max-uses <n>', 'redemptions allowed, or "unlimited" (default 1)')
    .option('--no-notify', 'with --email: do not send the email')
    .option('--json', 'print the invites as a JSON array')
    .option('--codes', 'print one code per line (for pipes and files)')
    .option('--progress', 'always show the progress bar (default: on a terminal, above 1000)')
    .option('--no-progress', 'never show the progress bar')
    .addHelpText(
      'after',
      `
Examples:
  guestlist invites create --count 5000 --expires-in 30d --codes > codes.txt
  guestlist invites create -n 10 --permission doc:read --max-uses unlimited \\
    --metadata '{"campaign":"spring"}'
  guestlist invites create --email ada@example.com --expires-in 14d --json`,
    )
    .action(async (options: CreateOptions) => createInvites(await connect(), options, io));
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
 * `--count N` in requests of at most 1000, one after another, with a progress bar on stderr
 * when there are several (and stderr is a terminal, or `--progress`). Codes and JSON are
 * written as each request returns, so a long run can be piped; the table once at the end.
 * If a request fails, what was already created is still printed (those invites exist) before
 * the error.
 */
async function createInvites(client: GuestlistClient, options: CreateOptions, io: Io) {
  const count = countOf(options.count);
  // The server makes exactly one invite when given an email, whatever the count (R2): say so
  // rather than quietly make fewer than asked.
  if (options.email !== undefined && count !== 1)
    throw new UsageError('--email makes one invite; to email several, use `invites send`');
  const input: CreateInvitesInput = {
    ...grantsOf(options),
    ...(options.email === undefined ? {} : { email: options.email, notify: options.notify }),
    ...(options.type ? { type: options.type } : {}),
    ...(options.maxUses === undefined ? {} : { maxUses: maxUsesOf(options.maxUses) }),
  };
  const requests = Math.ceil(count / MAX_PER_REQUEST);
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
  bar?.start(count, 0);
  const kept: Invite[] = [];
  let created = 0;
  let failure: unknown = null;
  if (options.json) await write(io.stdout, '[');
  try {
    while (created < count) {
      const size = Math.min(MAX_PER_REQUEST, count - created);
      const batch = await client.invites.create(size === 1 ? input : { ...input, count: size });
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
  } catch (error) {
    failure = error;
  }
  bar?.stop();
  // The JSON array is closed even after a failure, so it still parses.
  if (options.json) await write(io.stdout, created === 0 ? ']\n' : '\n]\n');
  else if (!options.codes && kept.length > 0) await write(io.stdout, inviteTable(kept));
  if (failure !== null) {
    if (created > 0) io.stderr.write(`created ${created} of ${count} invites, then:\n`);
    throw failure;
  }
}
