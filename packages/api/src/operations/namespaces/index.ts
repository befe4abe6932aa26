import { router } from '../../trpc.ts';
import { namespaceCollaborators } from './collaborators.ts';
import { createNamespace } from './create.ts';
import { getNamespace } from './get.ts';
import { inviteCollaborator } from './invite.ts';
import { namespaceInvites } from './invites.ts';
import { removeCollaborator } from './remove-collaborator.ts';

export const namespacesRouter = router({
  create: createNamespace,
  get: getNamespace,
  invite: inviteCollaborator,
  invites: namespaceInvites,
  collaborators: namespaceCollaborators,
  removeCollaborator,
});
