import type { CallOptions } from './client.ts';
import type {
  CreatedWebhook,
  CreateWebhookInput,
  RotatedWebhook,
  UpdateWebhookInput,
  Webhook,
  WebhookDeliveriesQuery,
  WebhookDelivery,
  WebhookDeliveryPage,
} from './types.ts';

export interface WebhooksClient {
  list(options?: CallOptions): Promise<Webhook[]>;
  /**
   * Registers a URL for invite events. Deliveries are signed per Standard Webhooks with the
   * `secret` in this answer, shown this once.
   */
  create(input: CreateWebhookInput, options?: CallOptions): Promise<CreatedWebhook>;
  /** Changes `url` (checked as at registration), `events` or `enabled`. */
  update(id: string, patch: UpdateWebhookInput, options?: CallOptions): Promise<Webhook>;
  delete(id: string, options?: CallOptions): Promise<Webhook>;
  /** Queues `webhook.test` to this webhook, whatever it subscribes to; answers its delivery. */
  test(id: string, options?: CallOptions): Promise<WebhookDelivery>;
  /** Its deliveries log, newest first; follow `nextCursor` with `page.after`; `page.status` filters. */
  deliveries(
    id: string,
    page?: WebhookDeliveriesQuery,
    options?: CallOptions,
  ): Promise<WebhookDeliveryPage>;
  /** Sends a delivered or failed delivery again with the same `webhook-id`; a pending one is left as it is. */
  retry(id: string, deliveryId: string, options?: CallOptions): Promise<WebhookDelivery>;
  /** A new signing secret, shown this once; the old one also signs for 24 hours. */
  rotateSecret(id: string, options?: CallOptions): Promise<RotatedWebhook>;
}
