import type { Command } from 'commander';
import type { CommandContext } from '../../context.ts';
import { write } from '../../output.ts';
import { webhookTable } from './tables.ts';

/** `guestlist webhooks list`. */
export function defineWebhookList(command: Command, { io, connect }: CommandContext): void {
  command
    .description('the registered webhooks (signing secrets are never shown again)')
    .option('--json', 'print them as JSON: { data, total }')
    .addHelpText(
      'after',
      `
Examples:
  guestlist webhooks list
  guestlist webhooks list --json | jq -r '.data[] | select(.enabled) | .id'`,
    )
    .action(async (options: { json?: boolean }) => {
      const data = await (await connect()).webhooks.list();
      if (options.json) {
        return write(io.stdout, `${JSON.stringify({ data, total: data.length }, null, 2)}\n`);
      }
      await write(io.stdout, webhookTable(data));
      await write(io.stdout, `${data.length} webhooks\n`);
    });
}
