export { buildServer, type ServerOptions } from './app.ts';
export { boot, type Running } from './boot.ts';
export { type Env, readEnv } from './env.ts';
export { createLogger } from './logger.ts';
export { redactUrl } from './redact.ts';
