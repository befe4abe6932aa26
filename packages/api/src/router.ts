import { authRouter, groupsRouter, meRouter, usersRouter } from './routers/accounts.ts';
import { apiKeysRouter, auditRouter, settingsRouter, webhooksRouter } from './routers/admin.ts';
import { invitesRouter } from './routers/invites.ts';
import { namespacesRouter } from './routers/namespaces.ts';
import { router } from './trpc.ts';

/** Every procedure: served over tRPC at /trpc, and (those with `openapi` meta) over REST. */
export const appRouter = router({
  auth: authRouter,
  me: meRouter,
  invites: invitesRouter,
  users: usersRouter,
  groups: groupsRouter,
  namespaces: namespacesRouter,
  settings: settingsRouter,
  apiKeys: apiKeysRouter,
  audit: auditRouter,
  webhooks: webhooksRouter,
});

export type ServerRouter = typeof appRouter;
