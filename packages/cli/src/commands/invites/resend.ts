import type { GuestlistClient } from '@guestlist/sdk';
import type { Command } from 'commander';
import type { CommandContext, Io } from '../../context.ts';
import { inviteTable, write } from '../../output.ts';

interface ResendOptions {
  extend?: string | true;
  json?: boolean;
}

/** `guestlist invites resend`. */
export function defineResend(command: Command, { io, connect }: CommandContext): void {
  command
    .description('email a pending invite again; --extend restarts its expiry from now')
    .argument('<invite>', 'id or code')
    .option(
      '--extend [duration]',
      "restart the expiry from now: the server's default lifetime, or this duration (7d)",
    )
    .option('--json', 'print the invite as JSON')
    .addHelpText(
      'after',
      `
Examples:
  guestlist invites resend 7Hq2xKp9LmN4rT8vWb3ZcD
  guestlist invites resend 7Hq2xKp9LmN4rT8vWb3ZcD --extend 14d`,
    )
    .action(async (ref: string, options: ResendOptions) =>
      resendInvite(await connect(), ref, options, io),
    );
}

async function resendInvite(client: GuestlistClient, ref: string, options: ResendOptions, io: Io) {
  const invite = await client.invites.resend(
    ref,
    options.extend === undefined ? {} : { extend: options.extend },
  );
  await write(
    io.stdout,
    options.json ? `${JSON.stringify(invite, null, 2)}\n` : inviteTable([invite]),
  );
}
