/** The HTTP server alone (the production split): `node apps/server/src/main.ts`. */
import { bootOrExit, stopOnSignals } from './boot.ts';
import { readEnv } from './env.ts';

stopOnSignals(await bootOrExit(readEnv, { withWorker: false }));
