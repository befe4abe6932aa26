import type { AppRouter } from '@guestlist/api/client';
import { routerShape } from './flatten.ts';

// Not annotated on purpose: the emitted declaration spells the router out (see flatten.ts).
function shape() {
  return routerShape<AppRouter>();
}

/**
 * The server's tRPC router as a client sees it: every procedure with its input and output
 * types. For `createTRPCClient<GuestlistRouter>` and the `.trpc` escape hatch.
 */
export type GuestlistRouter = ReturnType<typeof shape>;
