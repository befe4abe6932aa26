/** The HTTP server alone (the production split): `node apps/server/src/main.ts`. */
import { boot, stopOnSignals } from './boot.ts';
import { readEnv } from './env.ts';

stopOnSignals(await boot(readEnv(), { withWorker: false }));
