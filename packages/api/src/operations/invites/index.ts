import { router } from '../../trpc.ts';
import { acceptInvite } from './accept.ts';
import { cancelInvite } from './cancel.ts';
import { createInvites } from './create.ts';
import { declineInvite } from './decline.ts';
import { deleteInvite } from './delete.ts';
import { getInvite } from './get.ts';
import { listInvites, listInvitesRest } from './list.ts';
import { redeemInvite } from './redeem.ts';
import { inviteRedemptions } from './redemptions.ts';
import { resendInvite } from './resend.ts';
import { sendInvites } from './send.ts';
import { updateInvitePatch, updateInvitePut } from './update.ts';
import { validateInvite } from './validate.ts';

export const invitesRouter = router({
  create: createInvites,
  send: sendInvites,
  list: listInvites,
  get: getInvite,
  validate: validateInvite,
  update: updateInvitePatch,
  cancel: cancelInvite,
  resend: resendInvite,
  accept: acceptInvite,
  redeem: redeemInvite,
  decline: declineInvite,
  redemptions: inviteRedemptions,
  delete: deleteInvite,
});

/** Spellings only REST has, served beside the router's procedures (see `restRouter`). */
export const invitesRestSpellings = { invitesList: listInvitesRest, invitesPut: updateInvitePut };
