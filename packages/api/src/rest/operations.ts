import type { z } from 'zod';
import type { Meta, RestOperation } from '../operation.ts';
import { restRouter } from '../router.ts';

/** One REST operation as the router holds it, with what its definition said. */
export interface RestProcedure {
  /** The procedure's dotted path, `invites.accept` (`rest.invitesList` for a REST spelling). */
  procedure: string;
  /** `invitesAccept`: the OpenAPI operation id. */
  operationId: string;
  method: RestOperation['method'];
  path: string;
  /** `POST /invites/{invite}/accept`, as the spec and the authorization matrix name it. */
  route: string;
  meta: Meta;
  output: z.ZodType;
}

type Procedures = Record<string, { _def: { meta?: Meta; output?: z.ZodType } } | undefined>;

/** Every procedure by its dotted path, as tRPC keeps them at run time. */
export const proceduresByPath = restRouter._def.procedures as unknown as Procedures;

/** `auth.register` → `authRegister`; the REST-only spellings drop their `rest.` prefix. */
export function operationIdOf(procedurePath: string): string {
  return procedurePath
    .replace(/^rest\./, '')
    .split('.')
    .map((part, i) => (i === 0 ? part : part[0]!.toUpperCase() + part.slice(1)))
    .join('');
}

/**
 * Every REST operation, derived from the procedures' own definitions, in the router's order:
 * the document, the bridge's statuses, the fuzzer and the authorization matrix all read this.
 */
export const restOperations: readonly RestProcedure[] = Object.entries(proceduresByPath).flatMap(
  ([procedure, definition]) => {
    const meta = definition?._def.meta;
    if (!meta?.openapi) return [];
    const { method, path } = meta.openapi;
    return [
      {
        procedure,
        operationId: operationIdOf(procedure),
        method,
        path,
        route: `${method} ${path}`,
        meta,
        output: definition?._def.output as z.ZodType,
      },
    ];
  },
);

/** The success status each REST operation answers, by procedure path; 200 when it says none. */
export function successStatusOf(procedurePath: string | undefined): number | undefined {
  return procedurePath ? proceduresByPath[procedurePath]?._def.meta?.successStatus : undefined;
}
