import { STATUS_CODES } from 'node:http';
import {
  dateFields,
  type ErrorCode,
  errorCatalog,
  matchFields,
  parseRestInviteQuery,
} from '@guestlist/core';
import { generateOpenApiDocument, type OpenApiMeta } from 'trpc-to-openapi';
import { z } from 'zod';
import { errorCodesOf, errorMeanings } from './rest-errors.ts';
import { appRouter } from './router.ts';
import { updateInviteProcedure } from './routers/invites.ts';
import { UsersPage, UsersPageQuery } from './schemas/accounts.ts';
import { AuditPage } from './schemas/admin.ts';
import { pageOf, RestPageParams } from './schemas/common.ts';
import { requestExamples, responseExamples } from './schemas/examples.ts';
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
      heavy: true,
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
      heavy: true,
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
      heavy: true,
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
      heavy: true,
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

/** The top-level tags, in the order a reader meets them. */
const TAGS = [
  {
    name: 'invites',
    description: 'Invite codes and email invites: create, list, validate, redeem',
  },
  { name: 'auth', description: 'Accounts and sessions: register (with a code), sign in, me' },
  {
    name: 'namespaces',
    description: 'Teams (owner/name) and their collaborators, joined by invite',
  },
  { name: 'users', description: 'User administration' },
  { name: 'groups', description: 'Groups of permissions an invite can grant' },
  { name: 'settings', description: 'Instance-wide settings' },
  { name: 'api-keys', description: 'API keys with wildcard permissions' },
  { name: 'webhooks', description: 'Signed event deliveries (Standard Webhooks)' },
  { name: 'audit', description: 'The audit log: every state change of an invite' },
];

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** REST procedures by `METHOD /path`, with their dotted procedure path. */
const procedureByRoute = new Map(
  Object.entries(restProcedures).flatMap(([path, procedure]) => {
    const openapi = procedure._def.meta?.openapi;
    return openapi
      ? [[`${openapi.method.toLowerCase()} ${openapi.path}`, { path, meta: procedure._def.meta! }]]
      : [];
  }),
);

/** `auth.register` → `authRegister`; the REST-only spellings drop their `rest.` prefix. */
export function operationIdOf(procedurePath: string): string {
  return procedurePath
    .replace(/^rest\./, '')
    .split('.')
    .map((part, i) => (i === 0 ? part : part[0]!.toUpperCase() + part.slice(1)))
    .join('');
}

/** The error responses of one operation: per status, its codes as an enum and one example each. */
function errorResponses(codes: readonly ErrorCode[]) {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const status = errorCatalog[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries(
    [...byStatus].map(([status, statusCodes]) => [
      String(status),
      {
        description: `${STATUS_CODES[status] ?? 'Error'}: ${statusCodes.join(', ')}`,
        ...(status === 429
          ? {
              headers: {
                'Retry-After': {
                  description: 'Seconds until the next attempt may succeed',
                  schema: { type: 'integer', examples: [42] },
                },
              },
            }
          : {}),
        content: {
          'application/json': {
            schema: {
              allOf: [
                { $ref: '#/components/schemas/Error' },
                { type: 'object', properties: { code: { type: 'string', enum: statusCodes } } },
              ],
            },
            examples: Object.fromEntries(
              statusCodes.map((code) => [
                code,
                { summary: errorMeanings[code], value: { code, message: errorMeanings[code] } },
              ]),
            ),
          },
        },
      },
    ]),
  );
}

/**
 * A list operation's success response, with an example page. The page shapes are inline rather
 * than components, so, like the error examples, theirs is a named example of the operation's
 * response, where a reader of that operation meets it.
 */
function withPageExample(success: unknown, page: Record<string, unknown> | undefined) {
  const json = (success as { content?: Record<string, { examples?: unknown }> }).content?.[
    'application/json'
  ];
  if (json && page) json.examples = { page: { summary: 'One page of the list', value: page } };
  return success;
}

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
  examples: [
    {
      code: 'VALIDATION_FAILED',
      message: 'Invalid input',
      fields: [{ path: 'count', message: 'Too big: expected number to be <=1000' }],
    },
  ],
} as const;

/**
 * The OpenAPI 3.1 document of the REST API: trpc-to-openapi's paths and schemas, with the
 * real success statuses, stable operation ids, and each operation's error responses listing
 * the codes it can answer (from core's catalog, so a status and its codes never drift apart).
 */
export function createOpenApiDocument(options: OpenApiOptions) {
  const document = generateOpenApiDocument(restRouter, {
    title: 'Guestlist',
    version: options.version,
    baseUrl: options.baseUrl,
    description:
      'Invite codes, team invitations and email invites. Authenticate with `Authorization: Bearer <API key or session token>`. Every error answers `{ code, message, fields? }` with a stable `code`; each operation lists the codes it can answer.',
    securitySchemes: {
      bearer: {
        type: 'http',
        scheme: 'bearer',
        description: 'An API key (`gl_...`) or a session token (`gls_...`)',
      },
    },
  });
  document.info.license = { name: 'MIT', identifier: 'MIT' };
  document.tags = TAGS;
  document.security = [{ bearer: [] }];
  document.components ??= {};
  // trpc-to-openapi's own `error.*` shapes give way to the one error body every answer uses.
  document.components.schemas = {
    ...Object.fromEntries(
      Object.entries(document.components.schemas ?? {}).filter(
        ([name]) => !name.startsWith('error.'),
      ),
    ),
    Error: errorSchema as never,
  };

  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item?.[method];
      const procedure = procedureByRoute.get(`${method} ${path}`);
      if (!operation || !procedure) continue;
      const authenticated = procedure.meta.openapi?.protect !== false;
      operation.operationId = operationIdOf(procedure.path);
      const body = operation.requestBody as
        | {
            required?: boolean;
            content?: Record<string, { example?: unknown; schema?: { required?: string[] } }>;
          }
        | undefined;
      const json = body?.content?.['application/json'];
      if (json) json.example = requestExamples[procedure.path];
      // A body whose every field is optional may be left out (spec R1: an empty POST /invites
      // creates one invite; resend takes no body); the bridge reads no body as `{}`.
      if (body && json) body.required = (json.schema?.required?.length ?? 0) > 0;
      // Public operations take a key or a session too, and answer the same without one.
      if (!authenticated) operation.security = [{}, { bearer: [] }];
      const responses = operation.responses as Record<string, unknown>;
      const status = String(procedure.meta.successStatus ?? 200);
      // A 204 has no body (R25); trpc-to-openapi would declare an empty JSON one.
      const success =
        status === '204'
          ? { description: 'Done; no content' }
          : withPageExample(responses['200'], responseExamples[procedure.path]);
      operation.responses = {
        [status]: success,
        ...errorResponses(errorCodesOf(procedure.path, authenticated)),
      } as never;
    }
  }
  return document;
}

export type { OpenApiMeta };
