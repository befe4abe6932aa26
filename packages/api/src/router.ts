import { apiKeysRouter } from './operations/api-keys/index.ts';
import { auditRestSpellings, auditRouter } from './operations/audit/index.ts';
import { authRouter } from './operations/auth/index.ts';
import { groupsRouter } from './operations/groups/index.ts';
import { invitesRestSpellings, invitesRouter } from './operations/invites/index.ts';
import { meRestSpellings, meRouter } from './operations/me/index.ts';
import { namespacesRouter } from './operations/namespaces/index.ts';
import { settingsRouter } from './operations/settings/index.ts';
import { templatesRouter } from './operations/templates/index.ts';
import { usersRestSpellings, usersRouter } from './operations/users/index.ts';
import { webhooksRouter } from './operations/webhooks/index.ts';
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
  templates: templatesRouter,
  apiKeys: apiKeysRouter,
  audit: auditRouter,
  webhooks: webhooksRouter,
});

export type ServerRouter = typeof appRouter;

/**
 * What the REST bridge serves: every procedure with `openapi` meta, plus the REST spellings
 * tRPC does not need (the bracketed query parameters of §5.1, PUT as an alias of PATCH), each
 * defined beside the operation it spells and calling the same service.
 */
export const restRouter = router({
  ...appRouter._def.record,
  rest: router({
    ...invitesRestSpellings,
    ...meRestSpellings,
    ...usersRestSpellings,
    ...auditRestSpellings,
  }),
});

export type RestRouter = typeof restRouter;
