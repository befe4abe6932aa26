import { router } from '../../trpc.ts';
import { createWebhook } from './create.ts';
import { deleteWebhook } from './delete.ts';
import { webhookDeliveries } from './deliveries.ts';
import { listWebhooks } from './list.ts';
import { retryWebhookDelivery } from './retry.ts';
import { rotateWebhookSecret } from './rotate-secret.ts';
import { testWebhook } from './test.ts';
import { updateWebhook } from './update.ts';

export const webhooksRouter = router({
  list: listWebhooks,
  create: createWebhook,
  update: updateWebhook,
  delete: deleteWebhook,
  test: testWebhook,
  deliveries: webhookDeliveries,
  retry: retryWebhookDelivery,
  rotateSecret: rotateWebhookSecret,
});
