/** `pnpm start`: the whole service in one process, the server and the worker. */
import { bootOrExit, stopOnSignals } from './boot.ts';
import { readEnv } from './env.ts';

stopOnSignals(await bootOrExit(readEnv, { withWorker: true }));
