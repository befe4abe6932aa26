import { randomBytes } from 'node:crypto';
import type { Webhook } from '../db/entities/webhook.ts';
import { isUuid } from '../domain/codes.ts';
import { DomainError } from '../domain/errors.ts';
import { WEBHOOKS_MAX } from '../domain/limits.ts';
import { type Actor, requirePermission } from '../domain/principal.ts';
import type { SecretBox } from '../domain/secrets.ts';
import type { WebhookView } from '../domain/types.ts';
import { type WebhookEvent, webhookEvents } from '../domain/vocabulary.ts';
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
}

function toView(hook: Webhook): WebhookView {
  return {
    id: hook.id,
    url: hook.url,
    events: hook.events as WebhookEvent[],
    createdAt: toIso(hook.createdAt),
  };
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

function notFound(): DomainError {
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
    return hooks.map(toView);
  }

  /** Registers a webhook; its signing secret is in the answer and, readably, nowhere else. */
  async create(
    actor: Actor,
    input: CreateWebhookInput,
  ): Promise<{ webhook: WebhookView; secret: string }> {
    requirePermission(actor.principal, 'webhook:write');
    const events = [...new Set(input.events)];
    for (const [i, event] of input.events.entries()) {
      if (!(webhookEvents as readonly string[]).includes(event)) {
        throw new DomainError('VALIDATION_FAILED', `Unknown event "${event}"`, [
          { path: `events.${i}`, message: `one of ${webhookEvents.join(', ')}` },
        ]);
      }
    }
    if (events.length === 0) {
      throw new DomainError('VALIDATION_FAILED', 'Subscribe to at least one event', [
        { path: 'events', message: 'at least one event' },
      ]);
    }
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
      return { webhook: toView(hook), secret };
    });
  }

  async delete(actor: Actor, id: string): Promise<WebhookView> {
    requirePermission(actor.principal, 'webhook:write');
    if (!isUuid(id)) throw notFound();
    return inTransaction(this.#fork, async (tx) => {
      const hooks = new WebhookRepository(tx);
      const hook = await hooks.findById(id);
      if (!hook) throw notFound();
      await hooks.delete(hook);
      await recordAudit(tx, actor, [
        { action: 'webhook.deleted', targetType: 'webhook', targetId: hook.id },
      ]);
      return toView(hook);
    });
  }

  /** For the worker: where to deliver and the key to sign with; null once the webhook is gone. */
  async forDelivery(id: string): Promise<{ url: string; secret: string } | null> {
    const hook = await new WebhookRepository(this.#fork()).findFresh(id);
    return hook ? { url: hook.url, secret: this.#secrets.decrypt(hook.secretCiphertext) } : null;
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
