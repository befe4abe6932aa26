import { router } from '../../trpc.ts';
import { getMe } from './get.ts';
import { myInvites, myInvitesRest } from './invites.ts';
import { myNamespaces } from './namespaces.ts';
import { changePassword } from './password.ts';
import { updateMe } from './update.ts';
import { sendVerification } from './verify-email.ts';

export const meRouter = router({
  invites: myInvites,
  namespaces: myNamespaces,
  get: getMe,
  update: updateMe,
  changePassword,
  sendVerification,
});

/** Spellings only REST has, served beside the router's procedures (see `restRouter`). */
export const meRestSpellings = { meInvites: myInvitesRest };
