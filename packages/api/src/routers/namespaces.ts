import { z } from 'zod';
import { dataOf, listOf, pageOf, RestPageParams } from '../schemas/common.ts';
import { InviteSchema } from '../schemas/invite.ts';
import {
  CollaboratorSchema,
  CreateNamespaceInput,
  InviteCollaboratorInput,
  InviteList,
  NamespaceInvitesInput,
  NamespaceRef,
  NamespaceSchema,
  namespacePath,
  RemoveCollaboratorInput,
} from '../schemas/namespaces.ts';
import { actorOf, publicProcedure, router } from '../trpc.ts';

const TAGS = ['namespaces'];

export const namespacesRouter = router({
  create: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/namespaces',
        tags: TAGS,
        summary: 'Create a namespace',
        description: 'The signed-in user owns it; its path is `username/name`.',
      },
      successStatus: 201,
    })
    .input(CreateNamespaceInput)
    .output(dataOf(NamespaceSchema))
    .mutation(async ({ ctx, input }) => ({
      data: await ctx.guestlist.namespaces.create(actorOf(ctx), input),
    })),

  get: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/namespaces/{owner}/{name}',
        tags: TAGS,
        summary: 'Get a namespace',
        description: 'For its owner and collaborators; 404 for anyone else.',
      },
    })
    .input(NamespaceRef)
    .output(dataOf(NamespaceSchema))
    .query(async ({ ctx, input }) => ({
      data: await ctx.guestlist.namespaces.get(actorOf(ctx), namespacePath(input)),
    })),

  invite: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/namespaces/{owner}/{name}/invites',
        tags: TAGS,
        summary: 'Invite a collaborator',
        description:
          'By username or email; an unknown email gets an email-bound invite to redeem after registering. Owner or admin only. 409 for yourself, an existing collaborator, or someone with a pending invite here.',
      },
      successStatus: 201,
    })
    .input(InviteCollaboratorInput)
    .output(dataOf(InviteSchema))
    .mutation(async ({ ctx, input: { owner, name, ...rest } }) => ({
      data: await ctx.guestlist.namespaces.invite(
        actorOf(ctx),
        namespacePath({ owner, name }),
        rest,
      ),
    })),

  invites: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/namespaces/{owner}/{name}/invites',
        tags: TAGS,
        summary: "A namespace's invites",
        description: 'Owner or admin only; newest first.',
      },
      heavy: true,
    })
    .input(NamespaceInvitesInput)
    .output(InviteList)
    .query(async ({ ctx, input: { status, ...ref } }) => {
      const { data, total } = await ctx.guestlist.namespaces.invites(
        actorOf(ctx),
        namespacePath(ref),
        status,
      );
      return { data, total };
    }),

  collaborators: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/namespaces/{owner}/{name}/collaborators',
        tags: TAGS,
        summary: 'Collaborators',
        description:
          'For the owner and collaborators; owner, admins, members, 100 a page unless `page[size]` says fewer.',
      },
      heavy: true,
    })
    .input(NamespaceRef.extend(RestPageParams))
    .output(listOf(CollaboratorSchema))
    .query(async ({ ctx, input }) => {
      const { data, total } = await ctx.guestlist.namespaces.collaborators(
        actorOf(ctx),
        namespacePath(input),
        pageOf(input),
      );
      return { data, total };
    }),

  removeCollaborator: publicProcedure
    .meta({
      openapi: {
        method: 'DELETE',
        path: '/namespaces/{owner}/{name}/collaborators/{username}',
        tags: TAGS,
        summary: 'Remove a collaborator',
        description: 'Owner or admin, or the collaborator leaving. The owner cannot be removed.',
      },
      successStatus: 204,
    })
    .input(RemoveCollaboratorInput)
    .output(z.void())
    .mutation(async ({ ctx, input: { username, ...ref } }) => {
      await ctx.guestlist.namespaces.removeCollaborator(actorOf(ctx), namespacePath(ref), username);
    }),
});
