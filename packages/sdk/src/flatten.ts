/**
 * Type-level plumbing for the published declarations. None of these aliases is exported:
 * a declaration emitter cannot name them from another module, so the inferred type of
 * `routerShape()` is written out structurally in the `.d.ts` instead of referring back to
 * the server's router (and, through its context, to the ORM, Fastify and pg types).
 */
import type { AnyTRPCProcedure, TRPCMutationProcedure, TRPCQueryProcedure } from '@trpc/server';
import type { Router } from '@trpc/server/unstable-core-do-not-import';

/** Each member of a union in a box of its own: a new union, which unboxing then rebuilds. */
type Boxed<T> = T extends unknown ? [T] : never;

/**
 * A type as plain data, with no name in it a declaration emitter could refer back to:
 * - a union of string literals is rebuilt (boxed, then unboxed), which drops its alias;
 * - objects are rebuilt with remapped keys, so their properties are no longer linked to the
 *   declarations they came from (an emitter would otherwise copy those, names and all).
 */
type Plain<T> = [T] extends [string]
  ? string extends T
    ? T
    : Boxed<T>[0]
  : T extends readonly (infer U)[]
    ? Plain<U>[]
    : T extends object
      ? { [K in keyof T as `${K & string}`]: Plain<T[K]> }
      : T;

/** A procedure keeping only what a client sees: its input and output. */
type ClientProcedure<P extends AnyTRPCProcedure> = P['_def']['type'] extends 'query'
  ? TRPCQueryProcedure<{
      input: P['_def']['$types']['input'];
      output: P['_def']['$types']['output'];
      meta: object;
    }>
  : TRPCMutationProcedure<{
      input: P['_def']['$types']['input'];
      output: P['_def']['$types']['output'];
      meta: object;
    }>;

type ClientRecord<R> = {
  [K in keyof R]: R[K] extends AnyTRPCProcedure ? ClientProcedure<R[K]> : ClientRecord<R[K]>;
};

interface RouterLike {
  _def: { record: object; _config: { $types: { errorShape: unknown } } };
}

type ClientRouter<R extends RouterLike> = Router<
  {
    ctx: object;
    meta: object;
    errorShape: Plain<R['_def']['_config']['$types']['errorShape']>;
    transformer: false;
  },
  ClientRecord<R['_def']['record']>
>;

/** Never called: only its type is used, through `ReturnType`. */
export function routerShape<R extends RouterLike>(): ClientRouter<R> {
  throw new Error('routerShape() is a type-level helper');
}
