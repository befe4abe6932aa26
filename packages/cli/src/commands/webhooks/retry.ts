import type { Command } from 'commander';
import type { CommandContext } from '../../context.ts';
import { write } from '../../output.ts';

/** `guestlist webhooks retry`. */
export function defineWebhookRetry(command: Command, { io, connect }: CommandContext): void {
  command
    .description('deliver a delivered or failed delivery again, with the same webhook-id')
    .argument('<id>', 'the webhook')
    .argument('<deliveryId>', 'the delivery, from `webhooks deliveries`')
    .option('--json', 'print the delivery as JSON')
    .addHelpText(
      'after',
      `
A pending delivery is already on its way: retrying it changes nothing.

Examples:
  guestlist webhooks retry <id> <deliveryId>`,
    )
    .action(async (id: string, deliveryId: string, options: { json?: boolean }) => {
      const delivery = await (await connect()).webhooks.retry(id, deliveryId);
      if (options.json) return write(io.stdout, `${JSON.stringify(delivery, null, 2)}\n`);
      await write(io.stdout, `delivery ${delivery.id} is ${delivery.status}\n`);
    });
}
