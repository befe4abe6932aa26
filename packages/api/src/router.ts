import { apiKeysRouter, auditRouter, settingsRouter } from './routers/admin.ts';
import { invitesRouter } from './routers/invites.ts';
import { router } from './trpc.ts';

/** Every procedure: served over tRPC at /trpc, and (those with `openapi` meta) over REST. */
export const appRouter = router({
  invites: invitesRouter,
  settings: settingsRouter,
  apiKeys: apiKeysRouter,
  audit: auditRouter,
});

export type ServerRouter = typeof appRouter;
