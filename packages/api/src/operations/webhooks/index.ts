import { router } from '../../trpc.ts';
import { createWebhook } from './create.ts';
import { deleteWebhook } from './delete.ts';
import { listWebhooks } from './list.ts';

export const webhooksRouter = router({
  list: listWebhooks,
  create: createWebhook,
  delete: deleteWebhook,
});
