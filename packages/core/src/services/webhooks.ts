import { randomBytes } from 'node:crypto';
import type { Webhook } from '../db/entities/webhook.ts';
import { isUuid } from '../domain/codes.ts';
import { DomainError } from '../domain/errors.ts';
import { WEBHOOK_PREVIOUS_SECRET_TTL_MS, WEBHOOKS_MAX } from '../domain/limits.ts';
import { type Actor, requirePermission } from '../domain/principal.ts';
import type { SecretBox } from '../domain/secrets.ts';
import type { WebhookView } from '../domain/types.ts';
import {
  WEBHOOK_ALL_EVENTS,
  type WebhookEvent,
  type WebhookSubscription,
  webhookEvents,
} from '../domain/vocabulary.ts';
import {
  parseWebhookUrl,
  WEBHOOK_URL_MAX_LENGTH,
  type WebhookAddressCheck,
  type WebhookAddressVerdict,
} from '../domain/webhook-url.ts';
import { WebhookRepository } from '../repositories/webhooks.ts';
import { recordAudit } from './audit.ts';
import { type Em, inTransaction, toIso } from './database.ts';

export interface CreateWebhookInput {
  url: string;
  events: string[];
  enabled?: boolean | undefined;
}

export interface UpdateWebhookInput {
  url?: string | undefined;
  events?: string[] | undefined;
  enabled?: boolean | undefined;
}

export function toWebhookView(hook: Webhook): WebhookView {
  return {
    id: hook.id,
    url: hook.url,
    events: hook.events as WebhookSubscription[],
    enabled: hook.enabled,
    createdAt: toIso(hook.createdAt),
  };
}

/**
 * The events a webhook listens to, deduplicated: known events, or `["*"]` alone for all of
 * them, those added later included. `*` beside other events would say the same thing twice
 * with a different meaning for each, so it is refused.
 */
function subscriptionOf(requested: string[]): WebhookSubscription[] {
  const events = [...new Set(requested)];
  if (events.length === 0) {
    throw new DomainError('VALIDATION_FAILED', 'Subscribe to at least one event', [
      { path: 'events', message: 'at least one event' },
    ]);
  }
  if (events.includes(WEBHOOK_ALL_EVENTS)) {
    if (events.length === 1) return [WEBHOOK_ALL_EVENTS];
    throw new DomainError('VALIDATION_FAILED', '"*" subscribes to every event; list it alone', [
      { path: 'events', message: '["*"] alone, or a list of events' },
    ]);
  }
  for (const [i, event] of requested.entries()) {
    if (!(webhookEvents as readonly string[]).includes(event)) {
      throw new DomainError('VALIDATION_FAILED', `Unknown event "${event}"`, [
        { path: `events.${i}`, message: `"*" or one of ${webhookEvents.join(', ')}` },
      ]);
    }
  }
  return events as WebhookEvent[];
}

/** A Standard Webhooks signing secret: `whsec_` and 32 random bytes in base64. */
function generateSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

const UNUSABLE_URL = 'The URL must be an http or https URL without credentials whose host resolves';
const PRIVATE_URL =
  'The URL points to a loopback or private address (set WEBHOOK_ALLOW_PRIVATE_NETWORKS=true to allow it)';

function invalidUrl(message: string): DomainError {
  return new DomainError('INVALID_WEBHOOK_URL', message, [{ path: 'url', message }]);
}

export function webhookNotFound(): DomainError {
  return new DomainError('WEBHOOK_NOT_FOUND', 'No such webhook');
}

export class WebhookService {
  readonly #fork: () => Em;
  readonly #secrets: SecretBox;
  readonly #addressCheck: WebhookAddressCheck | undefined;

  constructor(fork: () => Em, secrets: SecretBox, addressCheck: WebhookAddressCheck | undefined) {
    this.#fork = fork;
    this.#secrets = secrets;
    this.#addressCheck = addressCheck;
  }

  async list(actor: Actor): Promise<WebhookView[]> {
    requirePermission(actor.principal, 'webhook:write');
    const hooks = await new WebhookRepository(this.#fork()).all();
    return hooks.map(toWebhookView);
  }

  /** Registers a webhook; its signing secret is in the answer and, readably, nowhere else. */
  async create(
    actor: Actor,
    input: CreateWebhookInput,
  ): Promise<{ webhook: WebhookView; secret: string }> {
    requirePermission(actor.principal, 'webhook:write');
    const events = subscriptionOf(input.events);
    const url = await this.#checkUrl(input.url);
    const secret = generateSigningSecret();
    return inTransaction(this.#fork, async (tx) => {
      const hooks = new WebhookRepository(tx);
      // Every invite event is queued once per webhook: their number bounds that fan-out (R22).
      await hooks.lockCreation();
      if ((await hooks.count()) >= WEBHOOKS_MAX) {
        throw new DomainError(
          'LIMIT_EXCEEDED',
          `An instance has at most ${WEBHOOKS_MAX} webhooks; delete one first`,
        );
      }
      const hook = await hooks.create({
        url: url.href,
        events,
        secretCiphertext: this.#secrets.encrypt(secret),
        enabled: input.enabled ?? true,
        createdAt: new Date(),
      });
      await recordAudit(tx, actor, [
        {
          action: 'webhook.created',
          targetType: 'webhook',
          targetId: hook.id,
          // The origin only: a webhook's path or query often holds the receiver's own token.
          data: { origin: url.origin, events },
        },
      ]);
      return { webhook: toWebhookView(hook), secret };
    });
  }

  /** Changes what is given; the URL is checked as at registration. */
  async update(actor: Actor, id: string, input: UpdateWebhookInput): Promise<WebhookView> {
    requirePermission(actor.principal, 'webhook:write');
    if (!isUuid(id)) throw webhookNotFound();
    const events = input.events === undefined ? undefined : subscriptionOf(input.events);
    const url = input.url === undefined ? undefined : await this.#checkUrl(input.url);
    return inTransaction(this.#fork, async (tx) => {
      const hooks = new WebhookRepository(tx);
      const hook = await hooks.findById(id, { lock: true });
      if (!hook) throw webhookNotFound();
      const changed: Record<string, unknown> = {};
      if (url) {
        hook.url = url.href;
        changed.origin = url.origin;
      }
      if (events) hook.events = events;
      if (input.enabled !== undefined) hook.enabled = input.enabled;
      await hooks.save();
      await recordAudit(tx, actor, [
        {
          action: 'webhook.updated',
          targetType: 'webhook',
          targetId: hook.id,
          data: { ...changed, events: hook.events, enabled: hook.enabled },
        },
      ]);
      return toWebhookView(hook);
    });
  }

  /**
   * A new signing secret, in the answer once. The one it replaces keeps signing too for 24
   * hours (spec §9), so a receiver switches without a gap; a second rotation within that time
   * drops the oldest.
   */
  async rotateSecret(
    actor: Actor,
    id: string,
    now = new Date(),
  ): Promise<{ webhook: WebhookView; secret: string; previousSecretExpiresAt: string }> {
    requirePermission(actor.principal, 'webhook:write');
    if (!isUuid(id)) throw webhookNotFound();
    const secret = generateSigningSecret();
    return inTransaction(this.#fork, async (tx) => {
      const hooks = new WebhookRepository(tx);
      const hook = await hooks.findById(id, { lock: true });
      if (!hook) throw webhookNotFound();
      const expiresAt = new Date(now.getTime() + WEBHOOK_PREVIOUS_SECRET_TTL_MS);
      hook.previousSecretCiphertext = hook.secretCiphertext;
      hook.previousSecretExpiresAt = expiresAt;
      hook.secretCiphertext = this.#secrets.encrypt(secret);
      await hooks.save();
      await recordAudit(tx, actor, [
        {
          action: 'webhook.secret_rotated',
          targetType: 'webhook',
          targetId: hook.id,
          data: { previousSecretExpiresAt: expiresAt.toISOString() },
        },
      ]);
      return {
        webhook: toWebhookView(hook),
        secret,
        previousSecretExpiresAt: expiresAt.toISOString(),
      };
    });
  }

  async delete(actor: Actor, id: string): Promise<WebhookView> {
    requirePermission(actor.principal, 'webhook:write');
    if (!isUuid(id)) throw webhookNotFound();
    return inTransaction(this.#fork, async (tx) => {
      const hooks = new WebhookRepository(tx);
      const hook = await hooks.findById(id);
      if (!hook) throw webhookNotFound();
      await hooks.delete(hook);
      await recordAudit(tx, actor, [
        { action: 'webhook.deleted', targetType: 'webhook', targetId: hook.id },
      ]);
      return toWebhookView(hook);
    });
  }

  async #checkUrl(raw: string): Promise<URL> {
    if (raw.length > WEBHOOK_URL_MAX_LENGTH) {
      throw new DomainError('INVALID_WEBHOOK_URL', 'The URL is too long', [
        { path: 'url', message: `at most ${WEBHOOK_URL_MAX_LENGTH} characters` },
      ]);
    }
    const parsed = parseWebhookUrl(raw);
    if (!parsed.ok) throw invalidUrl(UNUSABLE_URL);
    // Refused here for an answer the operator can act on; the worker re-checks every address
    // it connects to.
    const verdict = await this.#verdictOn(parsed.url.hostname);
    if (verdict === 'private') throw invalidUrl(PRIVATE_URL);
    if (verdict === 'unresolvable') throw invalidUrl(UNUSABLE_URL);
    return parsed.url;
  }

  /**
   * Without a check, nothing is refused for where it points: the worker still refuses to
   * connect to a private address at delivery, which is the guard that holds when a name is
   * rebound after registration.
   */
  #verdictOn(hostname: string): Promise<WebhookAddressVerdict> {
    return this.#addressCheck ? this.#addressCheck(hostname) : Promise.resolve('public');
  }
}
