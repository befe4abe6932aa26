import { dateFields, errorCatalog, matchFields, parseRestInviteQuery } from '@guestlist/core';
import { generateOpenApiDocument, type OpenApiMeta } from 'trpc-to-openapi';
import { z } from 'zod';
import { appRouter } from './router.ts';
import { updateInviteProcedure } from './routers/invites.ts';
import { UsersPage, UsersPageQuery } from './schemas/accounts.ts';
import { AuditPage } from './schemas/admin.ts';
import { pageOf, RestPageParams } from './schemas/common.ts';
import { InvitePage, InviteStatus } from './schemas/invite.ts';
import { InviteList } from './schemas/namespaces.ts';
import { actorOf, type Meta, publicProcedure, router } from './trpc.ts';

/**
 * REST spellings that tRPC does not need: the bracketed query parameters of §5.1 (a query
 * string is flat, the typed list takes an object) and PUT as an alias of PATCH. They call
 * the same services as their tRPC twins.
 */
const QueryValue = z.string().max(2048);
const optional = (keys: string[]) =>
  Object.fromEntries(keys.map((key) => [key, QueryValue.optional()]));

const INVITE_QUERY_KEYS = [
  ...[...matchFields, ...dateFields].map((field) => `filter[${field}]`),
  'sort',
  'page[size]',
  'page[number]',
  'page[after]',
];

const restOnlyRouter = router({
  invitesList: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/invites',
        tags: ['invites'],
        summary: 'List invites',
        description:
          'Filters: `filter[FIELD]=VALUE`, `=in:A,B`, `=nin:A,B` (code, status, type, email, inviterId, inviteeId, namespace) and `=gte:DATE`, `=lte:DATE` (expiresAt, createdAt). `sort`: createdAt, expiresAt, updatedAt, `-` for descending (default `-createdAt`). `page[size]` 1–100 (30), `page[number]` from 1, or `page[after]` = the previous `nextCursor`. Without `invite:read`, only the invites you sent.',
      },
    })
    // Loose: unknown parameters reach the parser, which names them in an INVALID_QUERY error.
    .input(z.looseObject(optional(INVITE_QUERY_KEYS)))
    .output(InvitePage)
    .query(({ ctx, input }) =>
      ctx.guestlist.invites.list(
        actorOf(ctx),
        parseRestInviteQuery(input as Record<string, string>),
      ),
    ),

  invitesPut: updateInviteProcedure('PUT'),

  meInvites: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/me/invites',
        tags: ['auth'],
        summary: 'Invites addressed to me',
        description:
          'To my user id or my email, with inviter and namespace. `filter[status]` narrows them.',
      },
    })
    .input(z.strictObject({ 'filter[status]': InviteStatus.optional() }))
    .output(InviteList)
    .query(async ({ ctx, input }) => {
      const { data, total } = await ctx.guestlist.invites.mine(
        actorOf(ctx),
        input['filter[status]'],
      );
      return { data, total };
    }),

  usersList: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/users',
        tags: ['users'],
        summary: 'List users',
        description: 'Newest first. Needs `user:read`.',
      },
    })
    .input(UsersPageQuery)
    .output(UsersPage)
    .query(async ({ ctx, input }) => {
      const { data, total } = await ctx.guestlist.users.list(actorOf(ctx), pageOf(input));
      return { data, total };
    }),

  auditList: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/audit',
        tags: ['audit'],
        summary: 'List audit events',
        description: 'Newest first. Needs `audit:read`.',
      },
    })
    .input(
      z.strictObject({
        'filter[action]': z.string().max(100).optional(),
        'filter[inviteId]': z.uuid().optional(),
        'filter[actorId]': z.uuid().optional(),
        ...RestPageParams,
      }),
    )
    .output(AuditPage)
    .query(async ({ ctx, input }) => {
      const page = await ctx.guestlist.audit.list(actorOf(ctx), {
        action: input['filter[action]'],
        inviteId: input['filter[inviteId]'],
        actorId: input['filter[actorId]'],
        page: pageOf(input),
      });
      return { data: page.data, total: page.total };
    }),
});

/** What the REST bridge serves: every procedure with `openapi` meta, plus the REST spellings. */
export const restRouter = router({ ...appRouter._def.record, rest: restOnlyRouter });

export type RestRouter = typeof restRouter;

/** Every REST procedure by its dotted path (`invites.create`), as tRPC keeps them at run time. */
const restProcedures = restRouter._def.procedures as unknown as Record<
  string,
  { _def: { meta?: Meta } }
>;

/** The success status each REST operation answers, by procedure path. */
export function successStatusOf(path: string | undefined): number | undefined {
  return path ? restProcedures[path]?._def.meta?.successStatus : undefined;
}

export interface OpenApiOptions {
  /** Absolute base of the REST API, e.g. `https://invites.example.com/api/v1`. */
  baseUrl: string;
  version: string;
}

/** Every documented code, by the status it answers with: straight from core's catalog. */
const ERROR_CODES_BY_STATUS: Record<number, string> = {};
for (const [code, status] of Object.entries(errorCatalog)) {
  ERROR_CODES_BY_STATUS[status] = ERROR_CODES_BY_STATUS[status]
    ? `${ERROR_CODES_BY_STATUS[status]}, ${code}`
    : code;
}

/** The OpenAPI 3.1 document of the REST API, with the real success statuses and error bodies. */
export function createOpenApiDocument(options: OpenApiOptions) {
  const document = generateOpenApiDocument(restRouter, {
    title: 'Guestlist',
    version: options.version,
    baseUrl: options.baseUrl,
    description:
      'Invite codes, team invitations and email invites. Authenticate with `Authorization: Bearer <API key or session token>`. Every error answers `{ code, message, fields? }` with a stable `code`.',
    securitySchemes: {
      bearer: {
        type: 'http',
        scheme: 'bearer',
        description: 'An API key (`gl_...`) or a session token',
      },
    },
  });
  const errorSchema = {
    type: 'object',
    required: ['code', 'message'],
    properties: {
      code: {
        type: 'string',
        description: 'Stable, machine-readable (UPPER_SNAKE)',
        examples: ['INVITE_EXPIRED'],
      },
      message: { type: 'string', description: 'For people' },
      fields: {
        type: 'array',
        description: 'The offending fields of a rejected input',
        items: {
          type: 'object',
          required: ['path', 'message'],
          properties: { path: { type: 'string' }, message: { type: 'string' } },
        },
      },
    },
  } as const;
  document.components ??= {};
  const components = document.components;
  components.schemas = { ...components.schemas, Error: errorSchema as never };
  for (const [name] of Object.entries(components.schemas)) {
    if (name.startsWith('error.')) delete components.schemas[name];
  }
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const operation = item?.[method];
      if (!operation) continue;
      const responses = operation.responses as Record<string, Record<string, unknown>>;
      for (const [status, response] of Object.entries(responses)) {
        if (status === '200') continue;
        const codes = ERROR_CODES_BY_STATUS[Number(status)];
        response.content = {
          'application/json': { schema: { $ref: '#/components/schemas/Error' } },
        };
        if (codes)
          response.description = `${String(response.description ?? '')} (code: ${codes})`.trim();
      }
      const procedure = Object.values(restProcedures).find(
        (p) =>
          p._def.meta?.openapi?.path === path &&
          p._def.meta.openapi.method.toLowerCase() === method,
      );
      const status = procedure?._def.meta?.successStatus;
      if (status && status !== 200 && responses['200']) {
        responses[String(status)] = responses['200'];
        delete responses['200'];
      }
    }
  }
  return document;
}

export type { OpenApiMeta };
