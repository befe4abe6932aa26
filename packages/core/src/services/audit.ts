import { DomainError } from '../domain/errors.ts';
import { type Actor, requirePermission } from '../domain/principal.ts';
import type { AuditEventView, Page } from '../domain/types.ts';
import type { ActorType } from '../domain/vocabulary.ts';
import { AuditRepository } from '../repositories/audit.ts';
import { type Em, type Tx, toIso } from './database.ts';

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId: string | null;
  inviteId?: string | null;
  /** What changed. Never a secret: codes, keys and tokens stay out of the log (spec §7). */
  data?: Record<string, unknown>;
}

function actorFields(actor: Actor): {
  actorType: ActorType;
  actorId: string | null;
  ip: string | null;
} {
  const principal = actor.principal;
  return {
    actorType: principal ? principal.kind : 'system',
    actorId: principal?.id ?? null,
    ip: actor.ip,
  };
}

/** Records audit events in the caller's transaction, so they commit with the change itself. */
export async function recordAudit(tx: Tx, actor: Actor, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const who = actorFields(actor);
  const createdAt = new Date();
  await new AuditRepository(tx).insertMany(
    entries.map((entry) => ({
      action: entry.action,
      actor_type: who.actorType,
      actor_id: who.actorId,
      target_type: entry.targetType,
      target_id: entry.targetId,
      invite_id: entry.inviteId ?? null,
      ip: who.ip,
      data: entry.data ?? {},
      created_at: createdAt,
    })),
  );
}

export interface AuditQuery {
  action?: string | undefined;
  inviteId?: string | undefined;
  actorId?: string | undefined;
  page?: { size?: number | undefined; number?: number | undefined } | undefined;
}

export class AuditService {
  readonly #fork: () => Em;

  constructor(fork: () => Em) {
    this.#fork = fork;
  }

  async list(actor: Actor, query: AuditQuery): Promise<Page<AuditEventView>> {
    requirePermission(actor.principal, 'audit:read');
    const size = query.page?.size ?? 30;
    const number = query.page?.number ?? 1;
    if (size < 1 || size > 100 || number < 1) {
      throw new DomainError('INVALID_QUERY', 'page[size] is 1–100 and page[number] starts at 1');
    }
    const [rows, total] = await new AuditRepository(this.#fork()).page(query, {
      limit: size,
      offset: (number - 1) * size,
    });
    return {
      data: rows.map((row) => ({
        id: row.id,
        action: row.action,
        actor: { type: row.actorType, id: row.actorId ?? null },
        target: { type: row.targetType, id: row.targetId ?? null },
        inviteId: row.inviteId ?? null,
        ip: row.ip ?? null,
        data: row.data,
        createdAt: toIso(row.createdAt),
      })),
      total,
      nextCursor: null,
    };
  }
}
