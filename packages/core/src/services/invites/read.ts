import type { InviteListQuery } from '../../domain/invite-query.ts';
import { type PageRequest, pageWindow } from '../../domain/paging.ts';
import {
  type Actor,
  can,
  type Principal,
  requireAuthenticated,
  requireUser,
} from '../../domain/principal.ts';
import { redirectTarget } from '../../domain/redirect-url.ts';
import type {
  InvitePreview,
  InviteStatus,
  InviteValidation,
  InviteView,
  Page,
  RedemptionView,
} from '../../domain/types.ts';
import { type FoundInvite, findInviteAndSettings } from '../../repositories/invite-lookup.ts';
import { loadInviteRelations, NO_RELATIONS } from '../../repositories/invite-relations.ts';
import { listRedemptions } from '../../repositories/invites.ts';
import type { SettingsRow } from '../../repositories/settings.ts';
import { type Em, type Tx, toIso } from '../database.ts';
import { settingsView } from '../settings.ts';
import {
  authorize,
  type InviteDeps,
  inviteKey,
  isIdOf,
  notFound,
  present,
  presentOne,
  readable,
} from './context.ts';
import { requireInvitesEnabled, requireUsable } from './rules.ts';

/** Reading invites: none of these changes anything (R5), so none needs a unit of work. */
export class ReadInvites {
  readonly #deps: InviteDeps;

  constructor(deps: InviteDeps) {
    this.#deps = deps;
  }

  async list(actor: Actor, query: InviteListQuery): Promise<Page<InviteView>> {
    const principal = requireAuthenticated(actor.principal);
    const scope = can(principal, 'invite:read')
      ? {}
      : principal.kind === 'user'
        ? { inviterId: principal.id }
        : { createdByKeyId: principal.id };
    const em = this.#deps.direct();
    const page = await this.#deps.lister.list(em, query, scope);
    return { ...page, data: await present(em, this.#deps.views, page.data, principal) };
  }

  async get(actor: Actor, ref: string): Promise<InviteView> {
    const principal = requireAuthenticated(actor.principal);
    const em = this.#deps.direct();
    const { row, parties } = await readable(em, this.#deps.secrets, ref, principal);
    return presentOne(em, this.#deps.views, row, principal, new Date(), { parties });
  }

  /**
   * What anyone holding the code may know (spec R5: reading never changes the invite). By id,
   * only to whoever may read the invite (R9a): an id is no proof, and others get 404.
   */
  async validate(ref: string, principal: Principal | null = null): Promise<InviteValidation> {
    const { row, parties, now } = await this.#usable(ref, principal);
    // A validation names the inviter and the namespace, read with the invite; not the groups.
    return this.#deps.views.toValidation(row, { ...NO_RELATIONS, ...parties }, now);
  }

  /**
   * The invite page's view of a code (R5: reading changes nothing). Refusals as `validate`; the
   * page is for whoever holds the link, so an id finds nothing (R9a).
   */
  async preview(ref: string): Promise<InvitePreview> {
    const { em, row, parties, now, settingsRow } = await this.#usable(ref, null);
    const settings = settingsView(settingsRow);
    const relations = await loadInviteRelations(em, [row], { parties });
    // Decided here, on the server, against the settings of this moment: the page never builds
    // a target from what a link or a person could choose, and a removed origin is not followed.
    const candidates = [row.redirect_url, settings.defaultRedirectUrl];
    const allowed = settings.allowedRedirectOrigins;
    const accepted = redirectTarget(candidates, allowed, row.id, 'accepted');
    const declined = redirectTarget(candidates, allowed, row.id, 'declined');
    const {
      valid: _valid,
      email: _masked,
      ...validation
    } = this.#deps.views.toValidation(row, relations, now);
    return {
      ...validation,
      email: row.email,
      boundTo: row.invitee_id ? 'user' : row.email ? 'email' : null,
      role: row.role,
      permissions: [...row.permissions],
      groups: (relations.groups.get(row.id) ?? []).map(({ name }) => ({ name })),
      redirect: accepted !== null && declined !== null ? { accepted, declined } : null,
    };
  }

  /** Invites addressed to the signed-in user: to their id, or to their email. */
  async mine(actor: Actor, status: InviteStatus | undefined): Promise<Page<InviteView>> {
    const user = requireUser(actor.principal);
    const em = this.#deps.direct();
    const page = await this.#deps.lister.list(
      em,
      { filter: status ? { status } : {}, page: { size: 100 } },
      { addressee: { userId: user.id, email: user.emailVerified ? user.email : null } },
    );
    return { ...page, data: await present(em, this.#deps.views, page.data, user) };
  }

  /**
   * Invites of one namespace, for its owner and admins (checked by the namespace service, in
   * whose unit of work this runs).
   */
  async ofNamespace(
    tx: Tx,
    actor: Actor,
    namespaceId: string,
    status: InviteStatus | undefined,
  ): Promise<Page<InviteView>> {
    const page = await this.#deps.lister.list(
      tx,
      { filter: status ? { status } : {}, page: { size: 100 } },
      { namespaceId },
    );
    return { ...page, data: await present(tx, this.#deps.views, page.data, actor.principal) };
  }

  async redemptions(actor: Actor, ref: string, page?: PageRequest): Promise<Page<RedemptionView>> {
    const principal = requireAuthenticated(actor.principal);
    const em = this.#deps.direct();
    const { row } = await readable(em, this.#deps.secrets, ref, principal);
    const { rows, total } = await listRedemptions(em, row.id, pageWindow(page));
    const data = rows.map(({ user, subject, at }) => ({ user, subject, at: toIso(at) }));
    return { data, total, nextCursor: null };
  }

  /**
   * The invite behind a code that could be redeemed now, or the refusal (403, 404, 410). By id,
   * it exists only for a `principal` who may read it (R9a).
   */
  async #usable(
    ref: string,
    principal: Principal | null,
  ): Promise<FoundInvite & { em: Em; now: Date; settingsRow: SettingsRow }> {
    const em = this.#deps.direct();
    // One statement for the settings, the invite and its inviter and namespace (the hot path).
    const { settings: settingsRow, found } = await findInviteAndSettings(
      em,
      inviteKey(this.#deps.secrets, ref),
    );
    requireInvitesEnabled({ invitesEnabled: settingsRow.invites_enabled });
    if (!found) throw notFound();
    if (isIdOf(found.row, ref)) await authorize(em, principal, found.row, 'read');
    const now = new Date();
    requireUsable(found.row, now);
    return { ...found, em, now, settingsRow };
  }
}
