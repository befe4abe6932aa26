export { defaultLogDestination } from './log-destination.ts';
export { createWorkerMetrics, type WorkerMetrics } from './metrics.ts';
export { metricsRefusal, serveMetrics } from './metrics-server.ts';
export { webhookAddressCheck } from './webhooks/public-address.ts';
export { startWorker, type Worker, type WorkerOptions } from './worker.ts';
