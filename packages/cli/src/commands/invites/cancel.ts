import type { GuestlistClient } from '@guestlist/sdk';
import type { Command } from 'commander';
import type { CommandContext, Io } from '../../context.ts';
import { describeFailure, ReportedFailure } from '../../errors.ts';
import { write } from '../../output.ts';

/** `guestlist invites cancel`. */
export function defineCancel(command: Command, { io, connect }: CommandContext): void {
  command
    .description('cancel pending invites, by id or code')
    .argument('<invite...>', 'ids or codes')
    .addHelpText(
      'after',
      `
Only a pending invite can be canceled; each refusal is reported and the others still go.

Examples:
  guestlist invites cancel 0b9a4c0e-0d6e-4f57-9a3c-2f1d8c9e7a10
  guestlist invites list --status pending --email ada@example.com --json | jq -r '.data[].id' \\
    | xargs guestlist invites cancel`,
    )
    .action(async (refs: string[]) => cancelInvites(await connect(), refs, io));
}

/** Each invite in turn, one line per outcome. Exit code 1 when any was refused. */
async function cancelInvites(client: GuestlistClient, refs: string[], io: Io) {
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
  if (failed > 0) throw new ReportedFailure(`${failed} of ${refs.length} not canceled`);
}
