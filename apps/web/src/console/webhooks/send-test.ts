import type { WebhookDelivery } from '@guestlist/sdk';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useSession } from '../../session.tsx';
import { useToast } from '../../ui/toast.tsx';
import { deliveriesKey } from './Deliveries.tsx';

/** How long the console waits for the receiver's first answer before leaving it to the log. */
const WAIT_MS = 15_000;
const POLL_MS = 500;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Queues `webhook.test`, then watches its delivery until the receiver has answered once, and
 * says how it went: delivered, or what went wrong (it is then retried, as any delivery).
 */
export function useSendTest(webhookId: string) {
  const { client, token } = useSession();
  const queries = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: async (): Promise<WebhookDelivery> => {
      const queued = await client.webhooks.test(webhookId);
      void queries.invalidateQueries({ queryKey: deliveriesKey(token, webhookId) });
      const deadline = Date.now() + WAIT_MS;
      let delivery = queued;
      while (delivery.attempts === 0 && delivery.status === 'pending' && Date.now() < deadline) {
        await sleep(POLL_MS);
        const page = await client.webhooks.deliveries(webhookId, { size: 10 });
        delivery = page.data.find((d) => d.id === queued.id) ?? delivery;
      }
      return delivery;
    },
    onSuccess: (delivery) => {
      void queries.invalidateQueries({ queryKey: deliveriesKey(token, webhookId) });
      if (delivery.status === 'delivered')
        toast.success(
          `Test event delivered: the receiver answered HTTP ${delivery.responseStatus}.`,
        );
      else if (delivery.attempts === 0)
        toast.success('Test event queued; its outcome will show in the deliveries log.');
      else
        toast.error(
          `Test event not delivered (${delivery.lastError ?? delivery.status})${
            delivery.status === 'pending' ? '; it will be retried' : ''
          }`,
        );
    },
    onError: (error) => toast.error('Could not send a test event', error),
  });
}
