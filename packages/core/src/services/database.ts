import type { EntityManager } from '@mikro-orm/postgresql';
import type { Kysely } from 'kysely';
import type { Orm } from '../db/orm.ts';
import type { DB } from '../db/schema.ts';

/** The unit of work a service method runs in: a fork, or a fork inside a transaction. */
export type Em = EntityManager;

/**
 * The convention for transactions, in signatures:
 * - a function that takes `tx: Tx` runs inside its caller's transaction: it never forks, never
 *   commits and never opens one of its own, so what it writes commits or rolls back with the
 *   caller's change;
 * - a service method (the API layer's entry points) opens its own unit of work with
 *   {@link inTransaction} or reads through a fresh fork.
 */
export type Tx = EntityManager;

/** PostgreSQL's "try again": a deadlock victim, or a serialization failure. */
const RETRYABLE = new Set(['40P01', '40001']);
const ATTEMPTS = 4;

function isRetryable(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && RETRYABLE.has(code)) return true;
  }
  return false;
}

/**
 * Opens a transaction on a fresh fork and hands it to `work`; commits when `work` resolves.
 * When PostgreSQL aborts it as a deadlock's victim (two requests, or a request and the
 * worker, locking the same rows in opposite orders), nothing of it was written: it runs again
 * on a new fork, after a short random pause, up to four times, rather than answering 500.
 */
export async function inTransaction<T>(fork: () => Em, work: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fork().transactional(work);
    } catch (error) {
      if (attempt >= ATTEMPTS || !isRetryable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}

/**
 * Kysely bound to the fork's transaction, when there is one, and typed by the schema the
 * entities define ({@link DB}).
 */
export function sqlOf(em: Em): Kysely<DB> {
  return em.getKysely();
}

/** Timestamps arrive as Date from entities and as text from SQL; the API speaks ISO 8601. */
export function toIso(value: Date | string): string;
export function toIso(value: Date | string | null | undefined): string | null;
export function toIso(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

export function forkOf(orm: Orm): Em {
  return orm.em.fork();
}

/**
 * The root EntityManager, for work that only runs statements (Kysely, prepared statements),
 * each on its own, outside any unit of work: reads, and a lone update such as a key's last use.
 * A fork builds a unit of work, an identity map and an entity factory that such work never
 * touches, and on the hot reads that cost more than the read's own code. MikroORM refuses
 * entity work on the root (its global context is not allowed), so code that strays into
 * entities fails at once instead of sharing an identity map between requests.
 */
export function directOf(orm: Orm): Em {
  return orm.em;
}
