import { sql } from 'kysely';
import type { EmailJob } from '../jobs/queues.ts';
import { sqlOf, type Tx } from '../services/database.ts';
import type { InviteChanges, InviteRow } from './invites.ts';

/**
 * The invite repository's statements for the worker's side of an email: claiming a batch of
 * deliveries and recording their outcomes. Each takes a whole batch in one statement (`unnest`
 * of the jobs' ids): at a backlog, round trips and commits are what the worker waits on.
 */

/**
 * Marks each job's delivery as being sent for `holdSeconds`, only if it is still the invite's
 * current delivery, still queued, and not claimed by someone else; answers the rows claimed.
 */
export async function claimDeliveries(
  tx: Tx,
  jobs: readonly EmailJob[],
  holdSeconds: number,
): Promise<InviteRow[]> {
  const { rows } = await sql<InviteRow>`
    update invites i set delivery_claimed_until = now() + make_interval(secs => ${holdSeconds})
      from unnest(${jobs.map((j) => j.inviteId)}::uuid[], ${jobs.map((j) => j.deliveryId)}::uuid[])
           as j(invite_id, delivery_id)
     where i.id = j.invite_id and i.delivery_id = j.delivery_id and i.delivery_status = 'queued'
       and (i.delivery_claimed_until is null or i.delivery_claimed_until < now())
    returning i.*`.execute(sqlOf(tx));
  return rows;
}

/** Of these jobs, those whose delivery is still current and queued, as `inviteId/deliveryId`. */
export async function stillQueued(tx: Tx, jobs: readonly EmailJob[]): Promise<Set<string>> {
  const { rows } = await sql<Pick<InviteRow, 'id' | 'delivery_id'>>`
    select id, delivery_id from invites
     where (id, delivery_id) in (select * from unnest(${jobs.map((j) => j.inviteId)}::uuid[],
                                                      ${jobs.map((j) => j.deliveryId)}::uuid[]))
       and delivery_status = 'queued'`.execute(sqlOf(tx));
  return new Set(rows.map((row) => `${row.id}/${row.delivery_id}`));
}

/** Gives up the claims on these rows: there is nothing to send for them. */
export async function releaseClaims(tx: Tx, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await sqlOf(tx)
    .updateTable('invites')
    .set({ delivery_claimed_until: null })
    .where('id', 'in', [...ids])
    .execute();
}

/** Marks the jobs' deliveries sent, where each is still current and queued. */
export async function markSent(tx: Tx, jobs: readonly EmailJob[]): Promise<InviteRow[]> {
  const { rows } = await sql<InviteRow>`
    update invites i
       set delivery_status = 'sent', delivery_attempts = i.delivery_attempts + 1,
           delivery_last_error = null, delivery_sent_at = now(), delivery_claimed_until = null
      from unnest(${jobs.map((j) => j.inviteId)}::uuid[], ${jobs.map((j) => j.deliveryId)}::uuid[])
           as j(invite_id, delivery_id)
     where i.id = j.invite_id and i.delivery_id = j.delivery_id and i.delivery_status = 'queued'
    returning i.*`.execute(sqlOf(tx));
  return rows;
}

/**
 * Applies `changes` when this job's delivery is still the current one and still queued: one
 * guarded UPDATE, which takes the row lock and checks at once. `countAttempt` adds one to the
 * attempts in the same statement.
 */
export async function updateDelivery(
  tx: Tx,
  job: EmailJob,
  changes: InviteChanges,
  { countAttempt = false }: { countAttempt?: boolean } = {},
): Promise<InviteRow | undefined> {
  return sqlOf(tx)
    .updateTable('invites')
    .set(changes)
    .$if(countAttempt, (q) =>
      q.set((eb) => ({ delivery_attempts: eb('delivery_attempts', '+', 1) })),
    )
    .where('id', '=', job.inviteId)
    .where('delivery_id', '=', job.deliveryId)
    .where('delivery_status', '=', 'queued')
    .returningAll()
    .executeTakeFirst();
}

/** The current addresses of these users, by id: where a notice to each of them goes. */
export async function inviteeAddresses(
  tx: Tx,
  userIds: readonly string[],
): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await sqlOf(tx)
    .selectFrom('users')
    .select(['id', 'email'])
    .where('id', '=', sql<string>`any(${[...new Set(userIds)]}::uuid[])`)
    .execute();
  return new Map(rows.map((row) => [row.id, row.email]));
}
