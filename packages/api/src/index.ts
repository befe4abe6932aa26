export { Admission, createAdmissionGate, heavyCallsOf } from './admission.ts';
export type { AppRouter, ClientErrorShape } from './client.ts';
export { errorCodesOf, GRANTS, UNUSABLE_INVITE } from './errors/codes.ts';
export {
  answerOf,
  describeError,
  type ErrorAnswer,
  type ErrorBody,
  toTrpcError,
} from './errors/describe.ts';
export {
  type ErrorStatus,
  errorStatus,
  REAUTHENTICATION_STATUS,
  statusOf,
} from './errors/status.ts';
export { createOpenApiDocument, type OpenApiOptions } from './openapi/document.ts';
export { type Meta, type RestOperation, restOperation, type SuccessStatus } from './operation.ts';
export {
  operationIdOf,
  type RestProcedure,
  restOperations,
  successStatusOf,
} from './rest/operations.ts';
export { appRouter, type RestRouter, restRouter, type ServerRouter } from './router.ts';
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
} from './trpc.ts';
