import { isUuid } from '../../domain/codes.ts';
import { DomainError } from '../../domain/errors.ts';
import { authorizeInvite, type InviteAction, type InviteFacts } from '../../domain/policy.ts';
import type { Actor, Principal } from '../../domain/principal.ts';
import type { SecretBox } from '../../domain/secrets.ts';
import type { InviteView } from '../../domain/types.ts';
import type { Outbox } from '../../jobs/outbox.ts';
import { InviteLister } from '../../repositories/invite-list.ts';
import {
  type FoundInvite,
  findInviteWithParties,
  type InviteKey,
  type InviteParties,
} from '../../repositories/invite-lookup.ts';
import { loadInviteRelations } from '../../repositories/invite-relations.ts';
import {
  findInvite,
  type InviteChanges,
  type InviteRow,
  permissionsOfInviteGroups,
  updateInvite,
} from '../../repositories/invites.ts';
import { roleIn } from '../../repositories/namespaces.ts';
import { type Em, inTransaction, type Tx } from '../database.ts';
import { InviteEvents } from './invite-events.ts';
import { factsOf, InviteViews } from './invite-view.ts';

/**
 * What every invite use case works with: units of work, the keys of codes, the views that
 * answer rows, the events every change records (R15) and the outbox. Made once per instance
 * (`createGuestlist`) and shared by the use cases and the namespace service.
 */
export interface InviteDeps {
  fork: () => Em;
  /** Where reads that change nothing run (R5): statements only, no unit of work. */
  direct: () => Em;
  secrets: SecretBox;
  views: InviteViews;
  events: InviteEvents;
  outbox: Outbox;
  lister: InviteLister;
}

export function inviteDeps(
  fork: () => Em,
  direct: () => Em,
  secrets: SecretBox,
  publicUrl: string,
  outbox: Outbox,
): InviteDeps {
  const views = new InviteViews(secrets, publicUrl);
  return {
    fork,
    direct,
    secrets,
    views,
    events: new InviteEvents(outbox, views),
    outbox,
    lister: new InviteLister((code) => secrets.lookupDigests(code)),
  };
}

export function notFound(): DomainError {
  return new DomainError('INVITE_NOT_FOUND', 'No such invite');
}

/** Whether the invite was named by its id rather than by its code. */
export function isIdOf(row: InviteRow, ref: string): boolean {
  return row.id === ref.toLowerCase();
}

/**
 * How a reference names an invite: by id when uuid-shaped (unless `codeOnly`), and by the
 * digests of its code under every key (see lookupDigests). Null for a length no invite has.
 */
export function inviteKey(
  secrets: SecretBox,
  ref: string,
  { codeOnly = false }: { codeOnly?: boolean } = {},
): InviteKey | null {
  if (ref.length === 0 || ref.length > 256) return null;
  const id = isUuid(ref) && !codeOnly ? ref.toLowerCase() : null;
  return { id, digests: secrets.lookupDigests(ref) };
}

/** An invite by id or by code; a uuid-shaped reference may be either (codeFormat `uuid`). */
export async function findByRef(
  tx: Tx,
  secrets: SecretBox,
  ref: string,
  options: { forUpdate?: boolean; codeOnly?: boolean } = {},
): Promise<InviteRow | undefined> {
  const key = inviteKey(secrets, ref, options);
  return key === null ? undefined : findInvite(tx, key, { forUpdate: options.forUpdate ?? false });
}

/**
 * What the policy needs to decide `action` on this row for this caller: the caller's role in
 * the invite's namespace and, for a change, everything the invite grants (R21).
 */
export async function factsFor(
  tx: Tx,
  principal: Principal | null,
  row: InviteRow,
  action: InviteAction,
): Promise<InviteFacts> {
  const callerRole =
    row.namespace_id !== null && principal?.kind === 'user'
      ? await roleIn(tx, row.namespace_id, principal.id)
      : null;
  const changes = action !== 'read' && action !== 'accept' && action !== 'decline';
  const grants = changes
    ? [...row.permissions, ...(await permissionsOfInviteGroups(tx, row.id))]
    : row.permissions;
  return factsOf(row, { grants, callerRole });
}

/** Asks the policy (R20, R21) whether the caller may do `action` on the row; throws if not. */
export async function authorize(
  tx: Tx,
  principal: Principal | null,
  row: InviteRow,
  action: InviteAction,
): Promise<void> {
  authorizeInvite(principal, action, await factsFor(tx, principal, row, action));
}

/** An invite the caller may read (R20: 404 when they may not see it, 403 when only that). */
export async function readable(
  tx: Tx,
  secrets: SecretBox,
  ref: string,
  principal: Principal,
): Promise<FoundInvite> {
  const key = inviteKey(secrets, ref);
  const found = key === null ? undefined : await findInviteWithParties(tx, key);
  if (!found) throw notFound();
  await authorize(tx, principal, found.row, 'read');
  return found;
}

/** Runs `work` in a transaction holding the invite's row lock; 404 when there is no such invite. */
export function locked<T>(
  deps: InviteDeps,
  ref: string,
  work: (tx: Tx, row: InviteRow) => Promise<T>,
): Promise<T> {
  return inTransaction(deps.fork, async (tx) => {
    const row = await findByRef(tx, deps.secrets, ref, { forUpdate: true });
    if (!row) throw notFound();
    return work(tx, row);
  });
}

/**
 * Rows as the API answers them, with inviters' names and groups loaded in a few queries.
 * `known` spares the queries whose answer the caller has: the inviters and namespaces when the
 * rows were read with them, and the groups of new invites made without any.
 */
export async function present(
  tx: Tx,
  views: InviteViews,
  rows: InviteRow[],
  viewer: Principal | null,
  now = new Date(),
  known: { parties?: InviteParties; noGroups?: boolean } = {},
): Promise<InviteView[]> {
  const relations = await loadInviteRelations(tx, rows, {
    viewerId: viewer?.kind === 'user' ? viewer.id : null,
    parties: known.parties,
    groups: known.noGroups !== true,
  });
  return rows.map((row) => views.toView(row, viewer, relations, now));
}

/** One row as the API answers it. */
export async function presentOne(
  tx: Tx,
  views: InviteViews,
  row: InviteRow,
  viewer: Principal | null,
  now = new Date(),
  known: { parties?: InviteParties; noGroups?: boolean } = {},
): Promise<InviteView> {
  const [view] = await present(tx, views, [row], viewer, now, known);
  return view!;
}

/**
 * Writes a change of state, records it, and answers the invite as the caller sees it. Runs in
 * the caller's transaction, which holds the row lock.
 */
export async function transition(
  tx: Tx,
  deps: InviteDeps,
  actor: Actor,
  row: InviteRow,
  action: string,
  changes: InviteChanges,
  now: Date,
): Promise<InviteView> {
  const updated = await updateInvite(tx, row.id, { ...changes, updated_at: now });
  await deps.events.record(tx, actor, [{ action, row: updated }]);
  return presentOne(tx, deps.views, updated, actor.principal, now);
}
