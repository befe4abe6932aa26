import type { GuestlistClient, Invite } from '@guestlist/sdk';
import type { Command } from 'commander';
import type { CommandContext, Io } from '../../context.ts';
import { inviteTable, write } from '../../output.ts';
import { type GrantOptions, grantsOf, withGrants } from './grants.ts';

/** The server's cap on addresses per `send` request (spec R2). */
const MAX_PER_SEND = 100;

interface SendOptions extends GrantOptions {
  json?: boolean;
}

/** `guestlist invites send`. */
export function defineSend(command: Command, { io, connect }: CommandContext): void {
  withGrants(command)
    .description('create and email one invite per address')
    .argument('<email...>', 'addresses (any number; sent 100 per request)')
    .option('--json', 'print the invites as JSON')
    .addHelpText(
      'after',
      `
Examples:
  guestlist invites send ada@example.com grace@example.com --expires-in 14d
  guestlist invites send $(cat beta-testers.txt) --permission beta:use --json`,
    )
    .action(async (emails: string[], options: SendOptions) =>
      sendInvites(await connect(), emails, options, io),
    );
}

/**
 * Addresses once each, ignoring case as the server does within a request (R2): the list is
 * split into requests of 100, and a duplicate in another request would make a second invite.
 */
function distinct(emails: string[]): string[] {
  const seen = new Set<string>();
  return emails.filter((email) => {
    const key = email.trim().toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

async function sendInvites(
  client: GuestlistClient,
  emails: string[],
  options: SendOptions,
  io: Io,
) {
  const grants = grantsOf(options);
  const addresses = distinct(emails);
  const sent: Invite[] = [];
  let failure: unknown = null;
  try {
    for (let start = 0; start < addresses.length; start += MAX_PER_SEND) {
      const email = addresses.slice(start, start + MAX_PER_SEND);
      sent.push(...(await client.invites.send({ ...grants, email })));
    }
  } catch (error) {
    failure = error;
  }
  // Invites of earlier requests exist and their emails are queued: show them even on failure.
  if (options.json) await write(io.stdout, `${JSON.stringify(sent, null, 2)}\n`);
  else if (sent.length > 0) await write(io.stdout, inviteTable(sent));
  if (failure !== null) {
    if (sent.length > 0) io.stderr.write(`sent ${sent.length} of ${addresses.length}, then:\n`);
    throw failure;
  }
}
