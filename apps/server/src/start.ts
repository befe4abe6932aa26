/** `pnpm start`: the whole service in one process, the server and the worker. */
import { boot, stopOnSignals } from './boot.ts';
import { readEnv } from './env.ts';

stopOnSignals(await boot(readEnv(), { withWorker: true }));
