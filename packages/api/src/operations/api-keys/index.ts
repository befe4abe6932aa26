import { router } from '../../trpc.ts';
import { createApiKey } from './create.ts';
import { listApiKeys } from './list.ts';
import { revokeApiKey } from './revoke.ts';

export const apiKeysRouter = router({
  list: listApiKeys,
  create: createApiKey,
  revoke: revokeApiKey,
});
