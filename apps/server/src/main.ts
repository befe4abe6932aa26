/** The HTTP server alone (the production split): `node apps/server/src/main.ts`. */
import { loadDotEnv } from '@guestlist/core/database';
import { bootOrExit, stopOnSignals } from './boot.ts';
import { readEnv } from './env.ts';

stopOnSignals(
  await bootOrExit(
    () => {
      loadDotEnv();
      return readEnv();
    },
    { withWorker: false },
  ),
);
