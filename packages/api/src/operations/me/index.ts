import { router } from '../../trpc.ts';
import { getMe } from './get.ts';
import { myInvites, myInvitesRest } from './invites.ts';
import { myNamespaces } from './namespaces.ts';

export const meRouter = router({ invites: myInvites, namespaces: myNamespaces, get: getMe });

/** Spellings only REST has, served beside the router's procedures (see `restRouter`). */
export const meRestSpellings = { meInvites: myInvitesRest };
