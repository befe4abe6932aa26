import type { EntityManager } from '@mikro-orm/postgresql';
import type { Kysely } from 'kysely';
import type { Orm } from '../db/orm.ts';
import type { DB } from '../db/schema.ts';

/** The unit of work a service method runs in: a fork, or a fork inside a transaction. */
export type Em = EntityManager;

/**
 * Kysely bound to the fork's transaction, when there is one. Used where a query is built
 * from user input (filters, sorts, cursors) or needs `RETURNING` and row-value comparisons;
 * plain entity reads and writes go through the EntityManager.
 */

export function sqlOf(em: Em): Kysely<DB> {
  return em.getKysely();
}

/** Timestamps arrive as Date from the ORM and as text from Kysely; the API speaks ISO 8601. */
export function toIso(value: Date | string): string;
export function toIso(value: Date | string | null | undefined): string | null;
export function toIso(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

export function forkOf(orm: Orm): Em {
  return orm.em.fork() as unknown as Em;
}
