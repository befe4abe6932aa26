/**
 * The router's type as clients see it. The server's context (the domain, its ORM and
 * database types) is replaced by `object`, so a frontend importing the SDK never compiles
 * MikroORM, Fastify or pg declarations. Procedures keep their exact input and output types.
 */
import type { TRPCBuiltRouter } from '@trpc/server';
import type { ServerRouter } from './router.ts';
import type { ErrorShapeData } from './trpc.ts';

export interface ClientErrorShape {
  code: number;
  message: string;
  data: ErrorShapeData;
}

export type AppRouter = TRPCBuiltRouter<
  { ctx: object; meta: object; errorShape: ClientErrorShape; transformer: false },
  ServerRouter['_def']['record']
>;

export type { ErrorBody } from './errors/describe.ts';
