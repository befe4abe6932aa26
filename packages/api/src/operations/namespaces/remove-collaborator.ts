import { z } from 'zod';
import { restOperation } from '../../operation.ts';
import { NamespaceRef, namespacePath, Segment } from '../../schemas/namespaces.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';

export const RemoveCollaboratorInput = NamespaceRef.extend({ username: Segment });

export const removeCollaborator = publicProcedure
  .meta(
    restOperation({
      method: 'DELETE',
      path: '/namespaces/{owner}/{name}/collaborators/{username}',
      tag: 'namespaces',
      summary: 'Remove a collaborator',
      description: 'Owner or admin, or the collaborator leaving. The owner cannot be removed.',
      successStatus: 204,
      errors: ['NAMESPACE_NOT_FOUND', 'COLLABORATOR_NOT_FOUND', 'CANNOT_REMOVE_OWNER'],
    }),
  )
  .input(RemoveCollaboratorInput)
  .output(z.void())
  .mutation(async ({ ctx, input: { username, ...ref } }) => {
    await ctx.guestlist.namespaces.removeCollaborator(actorOf(ctx), namespacePath(ref), username);
  });
