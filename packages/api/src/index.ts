export { Admission, createAdmissionGate, heavyCallsOf } from './admission.ts';
export type { AppRouter, ClientErrorShape } from './client.ts';
export { describeError, type ErrorBody, toTrpcError } from './errors.ts';
export {
  createOpenApiDocument,
  type OpenApiOptions,
  operationIdOf,
  type RestRouter,
  restRouter,
  successStatusOf,
} from './rest.ts';
export { errorCodesOf, errorMeanings, operationErrors } from './rest-errors.ts';
export { appRouter, type ServerRouter } from './router.ts';
export * from './schemas/accounts.ts';
export * from './schemas/admin.ts';
export * from './schemas/common.ts';
export * from './schemas/invite.ts';
export * from './schemas/namespaces.ts';
export {
  type Context,
  createCallerFactory,
  createContextInner,
  type ErrorShapeData,
  type Meta,
} from './trpc.ts';
