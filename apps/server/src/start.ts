/** `pnpm start`: the whole service in one process, the server and the worker. */
import { loadDotEnv } from '@guestlist/core/database';
import { bootOrExit, stopOnSignals } from './boot.ts';
import { readEnv } from './env.ts';

stopOnSignals(
  await bootOrExit(
    () => {
      loadDotEnv();
      return readEnv();
    },
    { withWorker: true },
  ),
);
