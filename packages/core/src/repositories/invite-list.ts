import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { isUuid } from '../domain/codes.ts';
import { normalizeEmail } from '../domain/email.ts';
import { DomainError } from '../domain/errors.ts';
import {
  type Cursor,
  type DateRange,
  decodeCursor,
  encodeCursor,
  type InviteListQuery,
  isIsoDate,
  type Match,
  PAGE_SIZE_DEFAULT,
  PAGE_SIZE_MAX,
  type Sort,
  type SortField,
} from '../domain/invite-query.ts';
import type { Page } from '../domain/types.ts';
import { type InviteStatus, inviteStatuses, inviteTypes } from '../domain/vocabulary.ts';
import { sqlOf, type Tx, toIso } from '../services/database.ts';
import type { InviteRow } from './invites.ts';

type Eb = ExpressionBuilder<DB, 'invites'>;
type Condition = Expression<SqlBool>;

/** The column each sort orders by; `expiresAt` treats "never" as the far future. */
const SORT_KEY: Record<SortField, ReturnType<typeof sql.raw>> = {
  createdAt: sql.raw('"created_at"'),
  updatedAt: sql.raw('"updated_at"'),
  expiresAt: sql.raw(`coalesce("expires_at", 'infinity'::timestamptz)`),
};

function invalid(message: string, path: string): DomainError {
  return new DomainError('INVALID_QUERY', message, [{ path, message }]);
}

/**
 * Recent large totals. Counting a million matching rows costs more than the page itself, so a
 * total of at least {@link CACHED_TOTAL_MIN} is reused for {@link TOTAL_TTL_MS}: exact when it
 * was counted, and never older than that. Any invite change made by this process clears them
 * all (`invalidateInviteTotals`, called for every invite event); other processes' changes show
 * within the TTL. Smaller totals are always counted afresh.
 */
const CACHED_TOTAL_MIN = 10_000;
const TOTAL_TTL_MS = 5_000;
const TOTALS_MAX = 1_000;

class TotalCache {
  readonly #entries = new Map<string, { total: number; at: number }>();

  get(key: string): number | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (Date.now() - entry.at > TOTAL_TTL_MS) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.total;
  }

  set(key: string, total: number): void {
    if (total < CACHED_TOTAL_MIN) return;
    if (this.#entries.size >= TOTALS_MAX) this.#entries.clear();
    this.#entries.set(key, { total, at: Date.now() });
  }

  clear(): void {
    this.#entries.clear();
  }
}

const counts = new TotalCache();

/** Forgets cached totals: this process just changed an invite. */
export function invalidateInviteTotals(): void {
  counts.clear();
}

/** The computed status (spec §4) as SQL that the indexes can serve. */
function statusIs(eb: Eb, status: InviteStatus): Condition {
  const notPast = eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', sql<string>`now()`)]);
  switch (status) {
    case 'pending':
      return eb.and([eb('status', '=', 'pending'), notPast]);
    case 'expired':
      // `is not null` makes "never expires" read as false, not NULL, so NOT(...) keeps it; and
      // unlike coalesce(...) it lets the partial index of pending dates serve the condition.
      return eb.or([
        eb('status', '=', 'expired'),
        eb.and([
          eb('status', '=', 'pending'),
          eb('expires_at', 'is not', null),
          eb('expires_at', '<=', sql<string>`now()`),
        ]),
      ]);
    default:
      return eb('status', '=', status);
  }
}

function values(match: Match): { values: string[]; negate: boolean } {
  if (typeof match === 'string') return { values: [match], negate: false };
  if ('in' in match) return { values: match.in, negate: false };
  return { values: match.nin, negate: true };
}

export interface ListScope {
  /** Restrict to the invites a user sent (no `invite:read`). */
  inviterId?: string;
  /** Restrict to the invites an API key created (no `invite:read`). */
  createdByKeyId?: string;
  /** Restrict to the invites addressed to a user: by their id, or by their email. */
  addressee?: { userId: string; email: string | null };
  /** Restrict to one namespace's invites. */
  namespaceId?: string;
}

/**
 * The invite repository's list query: filters, sorts and pages (spec §5) turned into SQL the
 * indexes serve. Codes are matched by digest, so it is given the function that makes one.
 */
export class InviteLister {
  readonly #codeDigests: (code: string) => Buffer[];

  constructor(codeDigests: (code: string) => Buffer[]) {
    this.#codeDigests = codeDigests;
  }

  async list(tx: Tx, query: InviteListQuery, scope: ListScope): Promise<Page<InviteRow>> {
    const sort: Sort = query.sort ?? '-createdAt';
    const descending = sort.startsWith('-');
    const sortField = (descending ? sort.slice(1) : sort) as SortField;
    const size = query.page?.size ?? PAGE_SIZE_DEFAULT;
    if (!Number.isInteger(size) || size < 1 || size > PAGE_SIZE_MAX) {
      throw invalid(`page[size] must be between 1 and ${PAGE_SIZE_MAX}`, 'page[size]');
    }
    const pageNumber = query.page?.number ?? 1;
    if (!Number.isInteger(pageNumber) || pageNumber < 1) {
      throw invalid('page[number] starts at 1', 'page[number]');
    }
    const after = query.page?.after;
    if (after !== undefined && query.page?.number !== undefined) {
      throw invalid('Use page[after] or page[number], not both', 'page[after]');
    }
    const cursor = after === undefined ? undefined : decodeCursor(after, sort);

    const k = sqlOf(tx);
    // Paths become ids first: `namespace_id in (<ids>)` walks the (namespace_id, created_at)
    // index in order, where a subquery made PostgreSQL fetch and sort the whole namespace.
    let namespaceIds: string[] | undefined;
    if (query.filter?.namespace !== undefined) {
      const paths = values(query.filter.namespace).values.map((path) => path.toLowerCase());
      const found = await k
        .selectFrom('namespaces')
        .select('id')
        .where('path', 'in', paths.length > 0 ? paths : [''])
        .execute();
      namespaceIds = found.map((row) => row.id);
    }
    const where = (eb: Eb): Condition => eb.and(this.#conditions(eb, query, scope, namespaceIds));
    const key = SORT_KEY[sortField];
    const direction = descending ? 'desc' : 'asc';

    let rowsQuery = k
      .selectFrom('invites')
      .selectAll()
      .select(sql<string | null>`${key}`.as('sort_value'))
      .where(where);
    if (cursor) {
      // A row-value comparison walks the (sort key, id) index from the cursor on: the cost of
      // a page does not grow with its depth.
      const operator = sql.raw(descending ? '<' : '>');
      rowsQuery = rowsQuery.where(
        sql<SqlBool>`(${key}, "id") ${operator} (${cursor.value ?? 'infinity'}::timestamptz, ${cursor.id}::uuid)`,
      );
    } else if (pageNumber > 1) {
      rowsQuery = rowsQuery.offset((pageNumber - 1) * size);
    }
    rowsQuery = rowsQuery
      .orderBy(sql`${key} ${sql.raw(direction)}`)
      .orderBy(sql`"id" ${sql.raw(direction)}`)
      .limit(size + 1);

    const countKey = JSON.stringify([scope, query.filter ?? {}]);
    const count = async () => {
      const cached = counts.get(countKey);
      if (cached !== undefined) return cached;
      const { total } = await k
        .selectFrom('invites')
        .select(sql<number>`count(*)::int`.as('total'))
        .where(where)
        .executeTakeFirstOrThrow();
      counts.set(countKey, total);
      return total;
    };
    const [rows, total] = await Promise.all([rowsQuery.execute(), count()]);

    const hasMore = rows.length > size;
    const page = hasMore ? rows.slice(0, size) : rows;
    const last = page.at(-1);
    let nextCursor: string | null = null;
    if (hasMore && last) {
      const raw = last.sort_value;
      const value = raw === null || raw === 'infinity' ? null : toIso(raw);
      const position: Cursor = { sort, value, id: last.id };
      nextCursor = encodeCursor(position);
    }
    return { data: page, total, nextCursor };
  }

  #conditions(
    eb: Eb,
    query: InviteListQuery,
    scope: ListScope,
    namespaceIds: string[] | undefined,
  ): Condition[] {
    const conditions: Condition[] = [];
    if (scope.inviterId) conditions.push(eb('inviter_id', '=', scope.inviterId));
    if (scope.createdByKeyId) conditions.push(eb('created_by_key_id', '=', scope.createdByKeyId));
    if (scope.addressee) {
      const { userId, email } = scope.addressee;
      const byUser = eb('invitee_id', '=', userId);
      conditions.push(email === null ? byUser : eb.or([byUser, eb('email', '=', email)]));
    }
    if (scope.namespaceId) conditions.push(eb('namespace_id', '=', scope.namespaceId));
    const filter = query.filter ?? {};

    const matchOn = (
      column: 'type' | 'email' | 'inviter_id' | 'invitee_id',
      match: Match | undefined,
      path: string,
      check?: (v: string) => string,
    ) => {
      if (match === undefined) return;
      const { values: raw, negate } = values(match);
      const list = check ? raw.map(check) : raw;
      if (list.length === 0 || list.length > 100)
        throw invalid(`${path} takes 1 to 100 values`, path);
      // A NULL column is "not in" any list; SQL's NOT IN alone would drop it.
      conditions.push(
        negate
          ? eb.or([eb(column, 'is', null), eb(column, 'not in', list)])
          : eb(column, 'in', list),
      );
    };

    const uuidOnly = (path: string) => (v: string) => {
      if (!isUuid(v)) throw invalid(`${path}: "${v}" is not a uuid`, path);
      return v;
    };
    matchOn('type', filter.type, 'filter[type]', (v) => {
      if (!(inviteTypes as readonly string[]).includes(v))
        throw invalid(`filter[type]: unknown type "${v}"`, 'filter[type]');
      return v;
    });
    matchOn('email', filter.email, 'filter[email]', normalizeEmail);
    matchOn('inviter_id', filter.inviterId, 'filter[inviterId]', uuidOnly('filter[inviterId]'));
    matchOn('invitee_id', filter.inviteeId, 'filter[inviteeId]', uuidOnly('filter[inviteeId]'));

    if (filter.code !== undefined) {
      const { values: codes, negate } = values(filter.code);
      if (codes.length === 0 || codes.length > 100)
        throw invalid('filter[code] takes 1 to 100 values', 'filter[code]');
      const digests = codes.flatMap((code) => this.#codeDigests(code));
      conditions.push(eb('code_digest', negate ? 'not in' : 'in', digests));
    }

    if (filter.status !== undefined) {
      const { values: statuses, negate } = values(filter.status);
      for (const s of statuses) {
        if (!(inviteStatuses as readonly string[]).includes(s)) {
          throw invalid(`filter[status]: unknown status "${s}"`, 'filter[status]');
        }
      }
      const any = eb.or(statuses.map((s) => statusIs(eb, s as InviteStatus)));
      conditions.push(negate ? eb.not(any) : any);
    }

    if (filter.namespace !== undefined) {
      const { negate } = values(filter.namespace);
      const ids = namespaceIds ?? [];
      // No such namespace: nothing is in it, and everything is outside it.
      if (ids.length === 0) {
        if (!negate) conditions.push(sql<SqlBool>`false`);
      } else {
        conditions.push(
          negate
            ? eb.or([eb('namespace_id', 'is', null), eb('namespace_id', 'not in', ids)])
            : eb('namespace_id', 'in', ids),
        );
      }
    }

    const dateOn = (
      column: 'expires_at' | 'created_at',
      range: DateRange | undefined,
      path: string,
    ) => {
      if (range === undefined) return;
      const entries = Object.entries(range).filter(([, v]) => v !== undefined) as [
        keyof DateRange,
        string,
      ][];
      if (entries.length === 0) throw invalid(`${path} needs a date`, path);
      for (const [op, value] of entries) {
        if (!isIsoDate(value)) throw invalid(`${path}: "${value}" is not an ISO-8601 date`, path);
        const sqlOp = op === 'gte' ? '>=' : op === 'lte' ? '<=' : '=';
        conditions.push(eb(column, sqlOp, new Date(value).toISOString()));
      }
    };
    dateOn('expires_at', filter.expiresAt, 'filter[expiresAt]');
    dateOn('created_at', filter.createdAt, 'filter[createdAt]');
    return conditions;
  }
}
