import { expireDueInvites } from '../../repositories/invites.ts';
import { inTransaction } from '../database.ts';
import type { InviteDeps } from './context.ts';

/** The expiry sweep (R17): what a stored `pending` past its date becomes, with its events. */
export class ExpireInvites {
  readonly #deps: InviteDeps;

  constructor(deps: InviteDeps) {
    this.#deps = deps;
  }

  /**
   * Marks pending invites past their date as expired, with their events (R17), `limit` at a
   * time. Sweepers running at once skip each other's rows (`SKIP LOCKED`), and a swept row is
   * no longer pending, so each invite expires once however many workers sweep.
   */
  async expireDue(limit = 500): Promise<number> {
    return inTransaction(this.#deps.fork, async (tx) => {
      const rows = await expireDueInvites(tx, limit);
      await this.#deps.events.record(
        tx,
        { principal: null, ip: null },
        rows.map((row) => ({ action: 'invite.expired', row })),
      );
      return rows.length;
    });
  }
}
