import { generateOpenApiDocument, type OpenApiMeta } from 'trpc-to-openapi';
import { errorCodesOf } from '../errors/codes.ts';
import { restOperations } from '../rest/operations.ts';
import { restRouter } from '../router.ts';
import { errorResponses, errorSchema, withPageExample } from './responses.ts';
import { TAGS } from './tags.ts';

export interface OpenApiOptions {
  /** Absolute base of the REST API, e.g. `https://invites.example.com/api/v1`. */
  baseUrl: string;
  version: string;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** REST operations by `method /path`, as the generated document keys them. */
const operationByRoute = new Map(
  restOperations.map((operation) => [
    `${operation.method.toLowerCase()} ${operation.path}`,
    operation,
  ]),
);

/**
 * The OpenAPI 3.1 document of the REST API: trpc-to-openapi's paths and schemas, completed from
 * each operation's definition: its success status, a stable operation id, its examples, and its
 * error responses listing the codes it can answer under the status the API gives them.
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
  document.tags = TAGS.map((tag) => ({ ...tag }));
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
      const definition = operationByRoute.get(`${method} ${path}`);
      if (!operation || !definition) continue;
      const { meta } = definition;
      const authenticated = meta.openapi?.protect !== false;
      operation.operationId = definition.operationId;
      const body = operation.requestBody as
        | {
            required?: boolean;
            content?: Record<string, { example?: unknown; schema?: { required?: string[] } }>;
          }
        | undefined;
      const json = body?.content?.['application/json'];
      if (json) json.example = meta.examples?.request;
      // A body whose every field is optional may be left out (spec R1: an empty POST /invites
      // creates one invite; resend takes no body); the bridge reads no body as `{}`.
      if (body && json) body.required = (json.schema?.required?.length ?? 0) > 0;
      // Public operations take a key or a session too, and answer the same without one.
      if (!authenticated) operation.security = [{}, { bearer: [] }];
      const responses = operation.responses as Record<string, unknown>;
      const status = String(meta.successStatus ?? 200);
      // A 204 has no body (R25); trpc-to-openapi would declare an empty JSON one.
      const success =
        status === '204'
          ? { description: 'Done; no content' }
          : withPageExample(responses['200'], meta.examples?.response);
      operation.responses = {
        [status]: success,
        ...errorResponses(
          errorCodesOf(meta.errors ?? [], authenticated),
          meta.reauthenticates === true,
        ),
      } as never;
    }
  }
  return document;
}

export type { OpenApiMeta };
