import type { InviteListQuery } from '../../domain/invite-query.ts';
import type { PageRequest } from '../../domain/paging.ts';
import type { Actor, Principal } from '../../domain/principal.ts';
import type {
  InvitePreview,
  InviteStatus,
  InviteValidation,
  InviteView,
  Page,
  RedeemResult,
  RedemptionView,
  SettingsView,
} from '../../domain/types.ts';
import type { InviteRow } from '../../repositories/invites.ts';
import type { Tx } from '../database.ts';
import { ChangeInvites, type ResendInput, type UpdateInviteInput } from './change.ts';
import type { InviteDeps } from './context.ts';
import { CreateInvites, type CreateInvitesInput, type SendInvitesInput } from './create.ts';
import { DeliveryService } from './delivery.ts';
import { ExpireInvites } from './expire.ts';
import { ReadInvites } from './read.ts';
import { type Redeemer, RedeemInvites, type SubjectRedemption } from './redeem.ts';

export type { ResendInput, UpdateInviteInput } from './change.ts';
export type { CreateInvitesInput, SendInvitesInput } from './create.ts';
export type { SubjectRedemption } from './redeem.ts';

/**
 * `Guestlist.invites`, the entry points the API layer calls: each hands over to the use case
 * that owns it (create, read, change, redeem, expire). It holds no rule of its own.
 */
export class InviteService {
  readonly #views: InviteDeps['views'];
  readonly #create: CreateInvites;
  readonly #read: ReadInvites;
  readonly #change: ChangeInvites;
  readonly #redeem: RedeemInvites;
  readonly #expire: ExpireInvites;
  /** The worker's side of invite emails. */
  readonly delivery: DeliveryService;

  constructor(deps: InviteDeps) {
    this.#views = deps.views;
    this.#create = new CreateInvites(deps);
    this.#read = new ReadInvites(deps);
    this.#change = new ChangeInvites(deps);
    this.#redeem = new RedeemInvites(deps);
    this.#expire = new ExpireInvites(deps);
    this.delivery = new DeliveryService(deps.fork, deps.views, deps.events);
  }

  /** `{PUBLIC_URL}/i/{code}`. */
  linkFor(code: string): string {
    return this.#views.linkFor(code);
  }

  create(actor: Actor, input: CreateInvitesInput): Promise<InviteView[]> {
    return this.#create.create(actor, input);
  }

  send(actor: Actor, input: SendInvitesInput): Promise<InviteView[]> {
    return this.#create.send(actor, input);
  }

  list(actor: Actor, query: InviteListQuery): Promise<Page<InviteView>> {
    return this.#read.list(actor, query);
  }

  get(actor: Actor, ref: string): Promise<InviteView> {
    return this.#read.get(actor, ref);
  }

  validate(ref: string, principal: Principal | null = null): Promise<InviteValidation> {
    return this.#read.validate(ref, principal);
  }

  preview(ref: string): Promise<InvitePreview> {
    return this.#read.preview(ref);
  }

  mine(actor: Actor, status: InviteStatus | undefined): Promise<Page<InviteView>> {
    return this.#read.mine(actor, status);
  }

  redemptions(actor: Actor, ref: string, page?: PageRequest): Promise<Page<RedemptionView>> {
    return this.#read.redemptions(actor, ref, page);
  }

  update(actor: Actor, ref: string, input: UpdateInviteInput): Promise<InviteView> {
    return this.#change.update(actor, ref, input);
  }

  cancel(actor: Actor, ref: string): Promise<InviteView> {
    return this.#change.cancel(actor, ref);
  }

  resend(actor: Actor, ref: string, input: ResendInput): Promise<InviteView> {
    return this.#change.resend(actor, ref, input);
  }

  delete(actor: Actor, ref: string): Promise<InviteView> {
    return this.#change.delete(actor, ref);
  }

  accept(actor: Actor, ref: string): Promise<InviteView> {
    return this.#redeem.accept(actor, ref);
  }

  /** §9: an application redeems the invite for its own user, the subject. */
  redeem(actor: Actor, ref: string, input: SubjectRedemption): Promise<RedeemResult> {
    return this.#redeem.forSubject(actor, ref, input);
  }

  decline(actor: Actor, ref: string): Promise<InviteView> {
    return this.#redeem.decline(actor, ref);
  }

  /** Redeems by code inside a registration's transaction (`tx`); the code alone, never an id. */
  redeemCodeFor(
    tx: Tx,
    actor: Actor,
    code: string,
    user: Redeemer,
    settings: SettingsView,
  ): Promise<InviteRow> {
    return this.#redeem.redeemCodeFor(tx, actor, code, user, settings);
  }

  /** The expiry sweep (R17), `limit` invites per transaction. */
  expireDue(limit = 500): Promise<number> {
    return this.#expire.expireDue(limit);
  }
}
