import { DomainError } from '../domain/errors.ts';
import { decodeKeyset, encodeKeyset, pageWindow } from '../domain/paging.ts';
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
  page?:
    | { size?: number | undefined; number?: number | undefined; after?: string | undefined }
    | undefined;
}

/** What an audit cursor belongs to: this listing, newest first. */
const AUDIT_LISTING = 'audit:-createdAt';

export class AuditService {
  readonly #fork: () => Em;

  constructor(fork: () => Em) {
    this.#fork = fork;
  }

  async list(actor: Actor, query: AuditQuery): Promise<Page<AuditEventView>> {
    requirePermission(actor.principal, 'audit:read');
    const after = query.page?.after;
    if (after !== undefined && query.page?.number !== undefined) {
      throw new DomainError('INVALID_QUERY', 'Use page[after] or page[number], not both', [
        { path: 'page[after]', message: 'not with page[number]' },
      ]);
    }
    const { limit, offset } = pageWindow(query.page, 30);
    const position = after === undefined ? undefined : decodeKeyset(after, AUDIT_LISTING);
    // One row more than the page tells whether another page follows.
    const [rows, total] = await new AuditRepository(this.#fork()).page(query, {
      limit: limit + 1,
      offset,
      after: position && { at: position.value ?? 'infinity', id: position.id },
    });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      data: page.map((row) => ({
        id: row.id,
        action: row.action,
        actor: { type: row.actor_type, id: row.actor_id ?? null },
        target: { type: row.target_type, id: row.target_id ?? null },
        inviteId: row.invite_id ?? null,
        ip: row.ip ?? null,
        data: row.data,
        createdAt: toIso(row.created_at),
      })),
      total,
      nextCursor:
        rows.length > limit && last
          ? encodeKeyset({ listing: AUDIT_LISTING, value: toIso(last.created_at), id: last.id })
          : null,
    };
  }
}
