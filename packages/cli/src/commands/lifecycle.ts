import type { GuestlistClient } from '@guestlist/sdk';
import { describeFailure } from '../errors.ts';
import { inviteTable, write } from '../output.ts';
import type { Io } from '../program.ts';
import { type GrantOptions, grantsOf } from './grants.ts';

/** The server's cap on addresses per `send` request. */
const MAX_PER_SEND = 100;

/**
 * `invites cancel <invite...>`: each in turn; one that fails is reported and the rest still
 * run. Exit code 1 when any failed.
 */
export async function cancelInvites(client: GuestlistClient, refs: string[], io: Io) {
  let failed = 0;
  for (const ref of refs) {
    try {
      const invite = await client.invites.cancel(ref);
      await write(io.stdout, `canceled ${invite.id}\n`);
    } catch (error) {
      failed++;
      const { lines } = describeFailure(error);
      io.stderr.write(`${ref}: ${lines.join('\n')}\n`);
    }
  }
  if (failed > 0) process.exitCode = 1;
}

/** `invites resend <invite>`: emails it again; `--extend [duration]` restarts its expiry. */
export async function resendInvite(
  client: GuestlistClient,
  ref: string,
  options: { extend?: string | boolean; json?: boolean },
  io: Io,
) {
  const invite = await client.invites.resend(
    ref,
    options.extend === undefined ? {} : { extend: options.extend },
  );
  await write(
    io.stdout,
    options.json ? `${JSON.stringify(invite, null, 2)}\n` : inviteTable([invite]),
  );
}

/** `invites send <email...>`: one emailed invite per address, in requests of up to 100. */
export async function sendInvites(
  client: GuestlistClient,
  emails: string[],
  options: GrantOptions & { json?: boolean },
  io: Io,
) {
  const grants = grantsOf(options);
  const sent = [];
  for (let start = 0; start < emails.length; start += MAX_PER_SEND) {
    const email = emails.slice(start, start + MAX_PER_SEND);
    sent.push(...(await client.invites.send({ ...grants, email })));
  }
  await write(io.stdout, options.json ? `${JSON.stringify(sent, null, 2)}\n` : inviteTable(sent));
}
