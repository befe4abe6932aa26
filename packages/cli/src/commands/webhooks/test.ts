import type { Command } from 'commander';
import type { CommandContext } from '../../context.ts';
import { write } from '../../output.ts';

/** `guestlist webhooks test`. */
export function defineWebhookTest(command: Command, { io, connect }: CommandContext): void {
  command
    .description('send the event webhook.test to a webhook, whatever it subscribes to')
    .argument('<id>', 'the webhook')
    .option('--json', 'print the queued delivery as JSON')
    .addHelpText(
      'after',
      `
The event is queued; follow it with \`guestlist webhooks deliveries <id>\`.

Examples:
  guestlist webhooks test 0b9a4c0e-0d6e-4f57-9a3c-2f1d8c9e7a10`,
    )
    .action(async (id: string, options: { json?: boolean }) => {
      const delivery = await (await connect()).webhooks.test(id);
      if (options.json) return write(io.stdout, `${JSON.stringify(delivery, null, 2)}\n`);
      await write(io.stdout, `queued ${delivery.event} as delivery ${delivery.id}\n`);
    });
}
