import type { Command } from 'commander';
import type { CommandContext } from '../../context.ts';
import { UsageError } from '../../errors.ts';
import { positive } from '../../flags.ts';
import { write } from '../../output.ts';
import { deliveryTable } from './tables.ts';

interface DeliveriesOptions {
  limit: string;
  page?: string;
  after?: string;
  json?: boolean;
}

/** `guestlist webhooks deliveries`. */
export function defineWebhookDeliveries(command: Command, { io, connect }: CommandContext): void {
  command
    .description("one page of a webhook's deliveries log, newest first")
    .argument('<id>', 'the webhook')
    .option('--limit <n>', 'page size, 1 to 100', '30')
    .option('--page <n>', 'page number, from 1')
    .option('--after <cursor>', 'the cursor the previous page printed')
    .option('--json', 'print the page as JSON: { data, total, nextCursor }')
    .addHelpText(
      'after',
      `
Examples:
  guestlist webhooks deliveries <id>
  guestlist webhooks deliveries <id> --json | jq -r '.data[] | select(.status == "failed") | .id'`,
    )
    .action(async (id: string, options: DeliveriesOptions) => {
      if (options.page && options.after) throw new UsageError('use --page or --after, not both');
      const page = await (await connect()).webhooks.deliveries(id, {
        size: positive(options.limit, '--limit', 100),
        ...(options.page ? { number: positive(options.page, '--page') } : {}),
        ...(options.after ? { after: options.after } : {}),
      });
      if (options.json) return write(io.stdout, `${JSON.stringify(page, null, 2)}\n`);
      await write(io.stdout, deliveryTable(page.data));
      const next = page.nextCursor ? `; next page: --after ${page.nextCursor}` : '';
      await write(io.stdout, `${page.data.length} of ${page.total}${next}\n`);
    });
}
