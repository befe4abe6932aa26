import { LockMode, type RequiredEntityData } from '@mikro-orm/core';
import { type Webhook, WebhookSchema } from '../db/entities/webhook.ts';
import type { Em } from '../services/database.ts';

/** Serializes webhook creation, so that the count checked is the count committed. */
const CREATE_LOCK = 0x686f_6f6b;

/** The data access of webhooks (through the entity: a handful of rows), in a unit of work. */
export class WebhookRepository {
  readonly #em: Em;

  /** `em`: the caller's transaction, or a fresh fork for a read. */
  constructor(em: Em) {
    this.#em = em;
  }

  /** Every webhook, oldest first. */
  all(): Promise<Webhook[]> {
    return this.#em.find(WebhookSchema, {}, { orderBy: { createdAt: 'asc' } });
  }

  count(): Promise<number> {
    return this.#em.count(WebhookSchema, {});
  }

  /** Holds, until the caller's transaction ends, the lock that serializes creation. */
  async lockCreation(): Promise<void> {
    await this.#em.execute('select pg_advisory_xact_lock(?)', [CREATE_LOCK]);
  }

  async create(data: RequiredEntityData<Webhook>): Promise<Webhook> {
    const hook = this.#em.create(WebhookSchema, data);
    await this.#em.flush();
    return hook;
  }

  /** `lock`: held against concurrent changes until the caller's transaction ends. */
  findById(id: string, options: { lock?: boolean } = {}): Promise<Webhook | null> {
    return this.#em.findOne(
      WebhookSchema,
      { id },
      options.lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {},
    );
  }

  /** Writes the changes made to loaded webhooks. */
  async save(): Promise<void> {
    await this.#em.flush();
  }

  /** A webhook as it is now in the database, not as an earlier read in this fork saw it. */
  findFresh(id: string): Promise<Webhook | null> {
    return this.#em.findOne(WebhookSchema, { id }, { disableIdentityMap: true });
  }

  async delete(hook: Webhook): Promise<void> {
    this.#em.remove(hook);
    await this.#em.flush();
  }
}
