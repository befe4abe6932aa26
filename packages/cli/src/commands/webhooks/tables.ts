import type { Webhook, WebhookDelivery } from '@guestlist/sdk';
import Table from 'cli-table3';

const date = (value: string | null) => (value ? value.replace(/\.\d{3}Z$/, 'Z') : '');

/** Webhooks as a plain table; the URL in full, since the operator registered it. */
export function webhookTable(webhooks: readonly Webhook[]): string {
  const table = new Table({
    head: ['id', 'url', 'events', 'enabled', 'created'],
    style: { head: [], border: [] },
  });
  for (const hook of webhooks) {
    table.push([
      hook.id,
      hook.url,
      hook.events.join(' '),
      hook.enabled ? 'yes' : 'no',
      date(hook.createdAt),
    ]);
  }
  return `${table.toString()}\n`;
}

/** A deliveries log as a plain table, newest first as the server answers it. */
export function deliveryTable(deliveries: readonly WebhookDelivery[]): string {
  const table = new Table({
    head: ['id', 'event', 'status', 'attempts', 'http', 'ms', 'created', 'last error'],
    style: { head: [], border: [] },
  });
  for (const d of deliveries) {
    table.push([
      d.id,
      d.event,
      d.status,
      d.attempts,
      d.responseStatus ?? '',
      d.durationMs ?? '',
      date(d.createdAt),
      d.lastError ?? '',
    ]);
  }
  return `${table.toString()}\n`;
}
