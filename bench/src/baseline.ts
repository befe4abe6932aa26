/**
 * The baseline Guestlist is measured against: a plain Fastify + `pg` server answering the same
 * REST requests with the same SQL on the same database, without tRPC, the OpenAPI bridge, zod
 * or the ORM. It does the same essential work (same crypto, queries, transactions and JSON
 * shape) and nothing more, so the gap between the two is what Guestlist's layers cost.
 *
 * The SQL below mirrors what Guestlist sends (checked against PostgreSQL's statement log);
 * the domain helpers it reuses from core (SecretBox, codes, the list query parser, cursors,
 * permissions) are plain functions that Guestlist runs too.
 *
 * `node bench/src/baseline.ts` with DATABASE_URL and SECRET_KEY (PORT, HOST, PUBLIC_URL
 * optional); prints `listening <url>` once ready and stops on SIGTERM.
 */
import { randomUUID } from 'node:crypto';
import { statusOf } from '@guestlist/api/status';
import {
  API_KEY_PATTERN,
  type CodeFormat,
  can,
  type DateRange,
  type DeliveryStatus,
  DomainError,
  decodeCursor,
  encodeCursor,
  generateCode,
  type InviteListQuery,
  type InviteStatus,
  type InviteType,
  type InviteValidation,
  type InviteView,
  isDomainError,
  isUuid,
  type Locale,
  type Match,
  maskEmail,
  normalizeEmail,
  PAGE_SIZE_DEFAULT,
  PAGE_SIZE_MAX,
  type Principal,
  parseDuration,
  parseRestInviteQuery,
  SecretBox,
  type Sort,
  type SortField,
  tokenDigest,
} from '@guestlist/core';
import Fastify, { type FastifyError } from 'fastify';
import pg from 'pg';

const MAX_COUNT = 1000;
/** As in core's codes.ts (not exported there): `gls_` and 40 base62 characters. */
const SESSION_TOKEN_PATTERN = /^gls_[0-9A-Za-z]{40}$/;
const BEARER = /^Bearer\s+(\S+)$/i;
/** Guestlist records an API key's use at most once a minute; so does the baseline. */
const LAST_USED_RESOLUTION_MS = 60_000;

const databaseUrl = process.env.DATABASE_URL;
const secretKey = process.env.SECRET_KEY;
if (!databaseUrl || !secretKey) {
  process.stderr.write('baseline: DATABASE_URL and SECRET_KEY are required\n');
  process.exit(1);
}
const port = Number(process.env.PORT ?? 0);
const host = process.env.HOST || '127.0.0.1';

const secrets = new SecretBox(secretKey);
const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
// An idle client losing its connection must not crash the process (pg emits it on the pool).
pool.on('error', () => {});

/** The pool or one transaction's client: both answer `query`. */
type Db = pg.Pool | pg.PoolClient;

/** An `invites` row as node-postgres returns it (timestamps as Date, jsonb parsed). */
interface InviteRow {
  id: string;
  code_digest: Buffer;
  code_ciphertext: string;
  type: InviteType;
  status: InviteStatus;
  email: string | null;
  inviter_id: string | null;
  created_by_key_id: string | null;
  invitee_id: string | null;
  namespace_id: string | null;
  role: string | null;
  permissions: string[];
  metadata: Record<string, unknown>;
  redirect_url: string | null;
  locale: Locale | null;
  max_uses: number | null;
  uses: number;
  expires_at: Date | null;
  created_at: Date;
  updated_at: Date;
  accepted_at: Date | null;
  canceled_at: Date | null;
  delivery_status: DeliveryStatus | null;
  delivery_id: string | null;
  delivery_claimed_until: Date | null;
  delivery_attempts: number;
  delivery_last_error: string | null;
  delivery_sent_at: Date | null;
}

interface SettingsRow {
  invites_enabled: boolean;
  registration: string;
  default_invite_ttl: string;
  code_format: CodeFormat;
  code_prefix: string;
  default_permissions: string[];
}

interface Relations {
  users: Map<string, { id: string; username: string; name: string | null }>;
  groups: Map<string, { id: string; name: string }[]>;
  namespaces: Map<string, { id: string; path: string }>;
}

interface Actor {
  principal: Principal;
  ip: string | null;
}

// ---------------------------------------------------------------------------------------------
// Small helpers, each the counterpart of one in core.

function toIso(value: Date | null): string | null {
  return value === null ? null : value.toISOString();
}

/** A pending invite past its date reads as expired, swept or not (core's effectiveStatus). */
function effectiveStatus(row: InviteRow, now: Date): InviteStatus {
  if (row.status === 'pending' && row.expires_at !== null && row.expires_at <= now) {
    return 'expired';
  }
  return row.status;
}

const GONE = {
  expired: ['INVITE_EXPIRED', 'This invite has expired'],
  canceled: ['INVITE_CANCELED', 'This invite was canceled'],
  declined: ['INVITE_DECLINED', 'This invite was declined'],
  accepted: ['INVITE_USED', 'This invite has been used'],
} as const;

function requireUsable(row: InviteRow, now: Date): void {
  const status = effectiveStatus(row, now);
  if (status !== 'pending') {
    const [code, message] = GONE[status];
    throw new DomainError(code, message);
  }
}

function requireInvitesEnabled(settings: SettingsRow): void {
  if (!settings.invites_enabled) {
    throw new DomainError('INVITES_DISABLED', 'Invites are disabled on this instance');
  }
}

function notFound(): DomainError {
  return new DomainError('INVITE_NOT_FOUND', 'No such invite');
}

function requireAuthenticated(principal: Principal | null): Principal {
  if (!principal) throw new DomainError('UNAUTHENTICATED', 'Authentication required');
  return principal;
}

function requirePermission(principal: Principal | null, permission: string): Principal {
  const who = requireAuthenticated(principal);
  if (!can(who, permission)) throw new DomainError('FORBIDDEN', `Missing permission ${permission}`);
  return who;
}

function isInviter(principal: Principal | null, row: InviteRow): boolean {
  if (!principal) return false;
  return principal.kind === 'user'
    ? row.inviter_id === principal.id
    : row.created_by_key_id === principal.id;
}

function isAddressee(principal: Principal | null, row: InviteRow): boolean {
  if (principal?.kind !== 'user') return false;
  return (
    row.invitee_id === principal.id ||
    (principal.emailVerified && row.email !== null && row.email === principal.email)
  );
}

/** `($1, $2, ...), ($n, ...)` for a multi-row insert, appending the values to `params`. */
function valuesList(rows: unknown[][], params: unknown[]): string {
  return rows
    .map((row) => `(${row.map((value) => `$${params.push(value)}`).join(', ')})`)
    .join(', ');
}

/**
 * Runs `work` in a transaction on one pooled connection. A connection whose rollback failed is
 * destroyed rather than returned to the pool in an unknown state.
 */
async function transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('begin');
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

/**
 * Independent queries: in parallel on the pool (as Guestlist runs them on its pool), one after
 * the other on a transaction's client, which can run only one query at a time anyway.
 */
async function all<T extends readonly (() => Promise<unknown>)[]>(
  db: Db,
  tasks: T,
): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  type Results = { -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> };
  if (db === pool) return (await Promise.all(tasks.map((task) => task()))) as Results;
  const results: unknown[] = [];
  for (const task of tasks) results.push(await task());
  return results as Results;
}

async function rowsOf<R extends pg.QueryResultRow>(
  db: Db,
  text: string,
  values: unknown[],
): Promise<R[]> {
  return (await db.query<R>(text, values)).rows;
}

// ---------------------------------------------------------------------------------------------
// Reads shared by the routes.

async function loadSettings(db: Db): Promise<SettingsRow> {
  const { rows } = await db.query<SettingsRow>('select * from settings where id = 1 limit 1');
  if (!rows[0]) throw new Error('the settings row is missing: is the database migrated?');
  return rows[0];
}

/** An invite by code, or by id too when the reference is uuid-shaped (core's InviteService#find). */
async function findInvite(db: Db, ref: string, forUpdate = false): Promise<InviteRow | undefined> {
  if (ref.length === 0 || ref.length > 256) return undefined;
  const digest = secrets.codeDigest(ref);
  const lock = forUpdate ? ' for update' : '';
  const { rows } = isUuid(ref)
    ? await db.query<InviteRow>(
        `select * from invites where (id = $1 or code_digest = $2) limit 1${lock}`,
        [ref.toLowerCase(), digest],
      )
    : await db.query<InviteRow>(`select * from invites where code_digest = $1 limit 1${lock}`, [
        digest,
      ]);
  return rows[0];
}

/**
 * Inviters, groups and namespaces of some invites: at most three queries, whatever their
 * number (core's loadInviteRelations). `groups: false` skips the groups query where the
 * answer does not show them (validate).
 */
async function loadRelations(
  db: Db,
  rows: readonly InviteRow[],
  { groups = true }: { groups?: boolean } = {},
): Promise<Relations> {
  const relations: Relations = { users: new Map(), groups: new Map(), namespaces: new Map() };
  if (rows.length === 0) return relations;
  const userIds = [...new Set(rows.flatMap((r) => (r.inviter_id ? [r.inviter_id] : [])))];
  const namespaceIds = [...new Set(rows.flatMap((r) => (r.namespace_id ? [r.namespace_id] : [])))];
  const none = async () => [];
  const [users, groupRows, namespaces] = await all(db, [
    userIds.length === 0
      ? none
      : () =>
          rowsOf<{ id: string; username: string; name: string | null }>(
            db,
            'select id, username, name from users where id = any($1::uuid[])',
            [userIds],
          ),
    !groups
      ? none
      : () =>
          rowsOf<{ invite_id: string; id: string; name: string }>(
            db,
            `select ig.invite_id, g.id, g.name from invite_groups ig join groups g on g.id = ig.group_id
              where ig.invite_id = any($1::uuid[]) order by g.name`,
            [rows.map((r) => r.id)],
          ),
    namespaceIds.length === 0
      ? none
      : () =>
          rowsOf<{ id: string; path: string }>(
            db,
            'select id, path from namespaces where id = any($1::uuid[])',
            [namespaceIds],
          ),
  ] as const);
  for (const user of users) relations.users.set(user.id, user);
  for (const { invite_id, id, name } of groupRows) {
    const list = relations.groups.get(invite_id) ?? [];
    list.push({ id, name });
    relations.groups.set(invite_id, list);
  }
  for (const namespace of namespaces) relations.namespaces.set(namespace.id, namespace);
  return relations;
}

// ---------------------------------------------------------------------------------------------
// Answers, in the shape of Guestlist's InviteView and InviteValidation.

let publicUrl = (process.env.PUBLIC_URL ?? '').replace(/\/+$/, '');

function toView(
  row: InviteRow,
  viewer: Principal | null,
  relations: Relations,
  now: Date,
): InviteView {
  // The code is shown to holders of invite:read and to the inviter, as in Guestlist.
  const showCode = can(viewer, 'invite:read') || isInviter(viewer, row);
  const code = showCode ? secrets.decrypt(row.code_ciphertext) : null;
  return {
    id: row.id,
    code,
    url: code === null ? null : `${publicUrl}/i/${encodeURIComponent(code)}`,
    type: row.type,
    status: effectiveStatus(row, now),
    email: row.email,
    inviterId: row.inviter_id,
    inviter: (row.inviter_id && relations.users.get(row.inviter_id)) || null,
    inviteeId: row.invitee_id,
    namespace: (row.namespace_id && relations.namespaces.get(row.namespace_id)) || null,
    role: row.role,
    permissions: row.permissions,
    groups: relations.groups.get(row.id) ?? [],
    metadata: row.metadata,
    redirectUrl: row.redirect_url,
    locale: row.locale,
    maxUses: row.max_uses,
    uses: row.uses,
    expiresAt: toIso(row.expires_at),
    delivery:
      row.delivery_status === null
        ? null
        : {
            status: row.delivery_status,
            attempts: row.delivery_attempts,
            lastError: row.delivery_last_error,
            sentAt: toIso(row.delivery_sent_at),
          },
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    acceptedAt: toIso(row.accepted_at),
    canceledAt: toIso(row.canceled_at),
  };
}

function toValidation(row: InviteRow, relations: Relations, now: Date): InviteValidation {
  const inviter = row.inviter_id ? relations.users.get(row.inviter_id) : undefined;
  return {
    valid: true,
    type: row.type,
    status: effectiveStatus(row, now),
    expiresAt: toIso(row.expires_at),
    inviter: inviter ? { name: inviter.name ?? inviter.username } : null,
    namespace: (row.namespace_id && relations.namespaces.get(row.namespace_id)) || null,
    email: row.email === null ? null : maskEmail(row.email),
    locale: row.locale,
  };
}

// ---------------------------------------------------------------------------------------------
// Authentication: the same two queries as Guestlist's ApiKeyService and AccountService.

async function authenticateKey(secret: string): Promise<Principal | null> {
  if (!API_KEY_PATTERN.test(secret)) return null;
  const { rows } = await pool.query<{
    id: string;
    permissions: string[];
    bound: string[] | null;
    last_used_at: Date | null;
  }>(
    // The same lookup as Guestlist's: a key a user minted is bounded by the user's permissions.
    `select k.id, k.permissions, k.last_used_at,
            case when k.created_by_user_id is null then null else array(
              select distinct p from (
                select unnest(eu.permissions) as p from users eu where eu.id = k.created_by_user_id
                union all
                select unnest(g.permissions) from user_groups ug join groups g on g.id = ug.group_id
                 where ug.user_id = k.created_by_user_id) all_permissions) end as bound
       from api_keys k where k.secret_digest = $1 and k.revoked_at is null limit 1`,
    [tokenDigest(secret)],
  );
  const key = rows[0];
  if (!key) return null;
  const now = Date.now();
  if (!key.last_used_at || now - key.last_used_at.getTime() > LAST_USED_RESOLUTION_MS) {
    await pool.query('update api_keys set last_used_at = $1 where id = $2', [
      new Date(now),
      key.id,
    ]);
  }
  return { kind: 'api_key', id: key.id, permissions: key.permissions, bound: key.bound };
}

/** The session's user with effective permissions (their own and their groups'). */
async function authenticateSession(token: string): Promise<Principal | null> {
  if (!SESSION_TOKEN_PATTERN.test(token)) return null;
  const { rows } = await pool.query<{
    id: string;
    email: string;
    email_verified: boolean;
    permissions: string[];
  }>(
    `select u.id, u.email, u.email_verified,
            array(select distinct p from (
              select unnest(u.permissions) as p
              union all
              select unnest(g.permissions) from user_groups ug join groups g on g.id = ug.group_id where ug.user_id = u.id
            ) all_permissions) as permissions
       from sessions s join users u on u.id = s.user_id
      where s.token_digest = $1 and s.revoked_at is null and s.expires_at > now()`,
    [tokenDigest(token)],
  );
  const row = rows[0];
  return row
    ? {
        kind: 'user',
        id: row.id,
        email: row.email,
        permissions: row.permissions,
        emailVerified: row.email_verified,
      }
    : null;
}

function authenticate(header: string | undefined): Promise<Principal | null> {
  const token = header === undefined ? undefined : BEARER.exec(header)?.[1];
  if (!token) return Promise.resolve(null);
  return token.startsWith('gls_') ? authenticateSession(token) : authenticateKey(token);
}

// ---------------------------------------------------------------------------------------------
// Writes shared by create and accept: audit events and the webhook check (core's InviteEvents).

interface InviteEvent {
  action: string;
  row: InviteRow;
  data: Record<string, unknown>;
}

async function recordEvents(db: Db, actor: Actor, events: InviteEvent[]): Promise<void> {
  if (events.length === 0) return;
  const params: unknown[] = [];
  const createdAt = new Date();
  const values = valuesList(
    events.map(({ action, row, data }) => [
      actor.principal.kind,
      actor.principal.id,
      actor.ip,
      action,
      'invite',
      row.id,
      row.id,
      JSON.stringify(data),
      createdAt,
    ]),
    params,
  );
  await db.query(
    `insert into audit_events (actor_type, actor_id, ip, action, target_type, target_id, invite_id, data, created_at)
     values ${values}`,
    params,
  );
  // Guestlist looks up the webhooks listening to these events and, when there are some,
  // enqueues their deliveries in pg-boss. The baseline runs the lookup, which is all Guestlist
  // does when no webhook is registered (the benchmark's case); it enqueues nothing.
  const actions = [...new Set(events.map((e) => e.action))];
  await db.query('select id, events from webhooks where events && $1::text[]', [actions]);
}

// ---------------------------------------------------------------------------------------------
// The list query: the SQL of core's InviteLister, written out by hand.

const INVITE_STATUSES: readonly string[] = [
  'pending',
  'accepted',
  'declined',
  'canceled',
  'expired',
];

const SORT_KEY: Record<SortField, string> = {
  createdAt: '"created_at"',
  updatedAt: '"updated_at"',
  expiresAt: `coalesce("expires_at", 'infinity'::timestamptz)`,
};

function invalidQuery(message: string, path: string): DomainError {
  return new DomainError('INVALID_QUERY', message, [{ path, message }]);
}

/** Kysely's `and`/`or`: no parentheses around a single condition, `1 = 1` for none. */
const and = (conditions: string[]) =>
  conditions.length === 0
    ? '1 = 1'
    : conditions.length === 1
      ? conditions[0]!
      : `(${conditions.join(' and ')})`;
const or = (conditions: string[]) =>
  conditions.length === 0
    ? '1 = 0'
    : conditions.length === 1
      ? conditions[0]!
      : `(${conditions.join(' or ')})`;

function matchValues(match: Match): { values: string[]; negate: boolean } {
  if (typeof match === 'string') return { values: [match], negate: false };
  if ('in' in match) return { values: match.in, negate: false };
  return { values: match.nin, negate: true };
}

/** The WHERE clause of a listing, its parameters appended to `params`. */
function listConditions(
  query: InviteListQuery,
  scope: { createdByKeyId?: string; inviterId?: string },
  params: unknown[],
): string {
  const p = (value: unknown) => `$${params.push(value)}`;
  const list = (values: unknown[]) => values.map(p).join(', ');
  const conditions: string[] = [];
  if (scope.inviterId) conditions.push(`"inviter_id" = ${p(scope.inviterId)}`);
  if (scope.createdByKeyId) conditions.push(`"created_by_key_id" = ${p(scope.createdByKeyId)}`);
  const filter = query.filter ?? {};

  const matchOn = (
    column: string,
    match: Match | undefined,
    path: string,
    check?: (v: string) => string,
  ) => {
    if (match === undefined) return;
    const { values: raw, negate } = matchValues(match);
    const values = check ? raw.map(check) : raw;
    if (values.length === 0 || values.length > 100) {
      throw invalidQuery(`${path} takes 1 to 100 values`, path);
    }
    // A NULL column is "not in" any list; SQL's NOT IN alone would drop it.
    conditions.push(
      negate
        ? or([`"${column}" is null`, `"${column}" not in (${list(values)})`])
        : `"${column}" in (${list(values)})`,
    );
  };
  const uuidOnly = (path: string) => (v: string) => {
    if (!isUuid(v)) throw invalidQuery(`${path}: "${v}" is not a uuid`, path);
    return v;
  };
  matchOn('type', filter.type, 'filter[type]', (v) => {
    if (v !== 'account' && v !== 'namespace') {
      throw invalidQuery(`filter[type]: unknown type "${v}"`, 'filter[type]');
    }
    return v;
  });
  matchOn('email', filter.email, 'filter[email]', normalizeEmail);
  matchOn('inviter_id', filter.inviterId, 'filter[inviterId]', uuidOnly('filter[inviterId]'));
  matchOn('invitee_id', filter.inviteeId, 'filter[inviteeId]', uuidOnly('filter[inviteeId]'));

  if (filter.code !== undefined) {
    const { values: codes, negate } = matchValues(filter.code);
    if (codes.length === 0 || codes.length > 100) {
      throw invalidQuery('filter[code] takes 1 to 100 values', 'filter[code]');
    }
    const digests = codes.map((code) => secrets.codeDigest(code));
    conditions.push(`"code_digest" ${negate ? 'not in' : 'in'} (${list(digests)})`);
  }

  if (filter.status !== undefined) {
    const { values: statuses, negate } = matchValues(filter.status);
    for (const s of statuses) {
      if (!INVITE_STATUSES.includes(s)) {
        throw invalidQuery(`filter[status]: unknown status "${s}"`, 'filter[status]');
      }
    }
    // The computed status (a pending invite past its date is expired), as index-friendly SQL.
    const statusIs = (status: string): string => {
      switch (status) {
        case 'pending':
          return and([
            `"status" = ${p('pending')}`,
            or(['"expires_at" is null', '"expires_at" > now()']),
          ]);
        case 'expired':
          // As Guestlist: `is not null` keeps NOT(...) right and lets the partial index serve.
          return or([
            `"status" = ${p('expired')}`,
            and([
              `"status" = ${p('pending')}`,
              '"expires_at" is not null',
              '"expires_at" <= now()',
            ]),
          ]);
        default:
          return `"status" = ${p(status)}`;
      }
    };
    const any = or(statuses.map(statusIs));
    conditions.push(negate ? `not ${any}` : any);
  }

  if (filter.namespace !== undefined) {
    const { values: raw, negate } = matchValues(filter.namespace);
    const paths = raw.map((path) => path.toLowerCase());
    const ids = `(select "namespaces"."id" from "namespaces" where "namespaces"."path" in (${list(paths)}))`;
    conditions.push(
      negate
        ? or(['"namespace_id" is null', `"namespace_id" not in ${ids}`])
        : `"namespace_id" in ${ids}`,
    );
  }

  const dateOn = (column: string, range: DateRange | undefined, path: string) => {
    if (range === undefined) return;
    const entries = Object.entries(range).filter(([, v]) => v !== undefined) as [
      keyof DateRange,
      string,
    ][];
    if (entries.length === 0) throw invalidQuery(`${path} needs a date`, path);
    for (const [op, value] of entries) {
      const sqlOp = op === 'gte' ? '>=' : op === 'lte' ? '<=' : '=';
      conditions.push(`"${column}" ${sqlOp} ${p(new Date(value))}`);
    }
  };
  dateOn('expires_at', filter.expiresAt, 'filter[expiresAt]');
  dateOn('created_at', filter.createdAt, 'filter[createdAt]');
  return and(conditions);
}

async function listInvites(
  principal: Principal,
  query: InviteListQuery,
): Promise<{ data: InviteView[]; total: number; nextCursor: string | null }> {
  // Without invite:read, a caller sees only the invites it sent.
  const scope = can(principal, 'invite:read')
    ? {}
    : principal.kind === 'user'
      ? { inviterId: principal.id }
      : { createdByKeyId: principal.id };
  const sort: Sort = query.sort ?? '-createdAt';
  const descending = sort.startsWith('-');
  const sortField = (descending ? sort.slice(1) : sort) as SortField;
  const size = query.page?.size ?? PAGE_SIZE_DEFAULT;
  if (!Number.isInteger(size) || size < 1 || size > PAGE_SIZE_MAX) {
    throw invalidQuery(`page[size] must be between 1 and ${PAGE_SIZE_MAX}`, 'page[size]');
  }
  const pageNumber = query.page?.number ?? 1;
  const after = query.page?.after;
  if (after !== undefined && query.page?.number !== undefined) {
    throw invalidQuery('Use page[after] or page[number], not both', 'page[after]');
  }
  const cursor = after === undefined ? undefined : decodeCursor(after, sort);

  const whereParams: unknown[] = [];
  const where = listConditions(query, scope, whereParams);
  const key = SORT_KEY[sortField];
  const direction = descending ? 'desc' : 'asc';
  const params = [...whereParams];
  const p = (value: unknown) => `$${params.push(value)}`;
  let text = `select *, ${key} as "sort_value" from "invites" where ${where}`;
  if (cursor) {
    // A row-value comparison walks the (sort key, id) index from the cursor on.
    text += ` and (${key}, "id") ${descending ? '<' : '>'} (${p(cursor.value ?? 'infinity')}::timestamptz, ${p(cursor.id)}::uuid)`;
  }
  text += ` order by ${key} ${direction}, "id" ${direction} limit ${p(size + 1)}`;
  if (!cursor && pageNumber > 1) text += ` offset ${p((pageNumber - 1) * size)}`;

  const [rowsResult, countResult] = await Promise.all([
    pool.query<InviteRow & { sort_value: Date | number | string | null }>(text, params),
    pool.query<{ total: number }>(
      `select count(*)::int as "total" from "invites" where ${where}`,
      whereParams,
    ),
  ]);
  const rows = rowsResult.rows;
  const hasMore = rows.length > size;
  const page = hasMore ? rows.slice(0, size) : rows;
  const last = page.at(-1);
  let nextCursor: string | null = null;
  if (hasMore && last) {
    // node-postgres reads `infinity` as the number Infinity: "never expires".
    const raw = last.sort_value;
    const value =
      raw === null || typeof raw === 'number' || raw === 'infinity'
        ? null
        : new Date(raw).toISOString();
    nextCursor = encodeCursor({ sort, value, id: last.id });
  }
  const relations = await loadRelations(pool, page);
  const now = new Date();
  return {
    data: page.map((row) => toView(row, principal, relations, now)),
    total: countResult.rows[0]?.total ?? 0,
    nextCursor,
  };
}

// ---------------------------------------------------------------------------------------------
// Create and accept.

/** What one create shares across its rows, as Guestlist's `SharedColumns`. */
interface Shared {
  inviterId: string | null;
  createdByKeyId: string | null;
  expiresAt: Date | null;
  now: Date;
}

/**
 * Inserts `count` plain account invites with fresh codes, retrying the rows whose code
 * collided (the unique digest skips them), as Guestlist does, with the same statement: the
 * varying columns as arrays through `unnest`, the shared ones once.
 */
async function insertWithFreshCodes(
  db: Db,
  settings: SettingsRow,
  shared: Shared,
  count: number,
): Promise<InviteRow[]> {
  const inserted: InviteRow[] = [];
  let pending = Array.from({ length: count }, () => randomUUID());
  for (let round = 0; pending.length > 0; round++) {
    if (round === 5) {
      throw new DomainError('CODE_COLLISION', 'Could not find unused codes; try again');
    }
    const digests: Buffer[] = [];
    const ciphertexts: string[] = [];
    for (const _ of pending) {
      const code = generateCode(settings.code_format, settings.code_prefix);
      digests.push(secrets.codeDigest(code));
      ciphertexts.push(secrets.encrypt(code));
    }
    const nulls = pending.map(() => null);
    const { rows } = await db.query<InviteRow>(
      `insert into invites (id, code_digest, code_ciphertext, email, delivery_status, delivery_id,
                            type, status, inviter_id, created_by_key_id, invitee_id, namespace_id,
                            role, permissions, metadata, max_uses, uses, expires_at, created_at,
                            updated_at)
       select t.id, t.code_digest, t.code_ciphertext, t.email, t.delivery_status, t.delivery_id,
              $7::text, 'pending', $8::uuid, $9::uuid, $10::uuid, $11::uuid, $12::text,
              $13::text[], $14::jsonb, $15::integer, 0, $16::timestamptz, $17::timestamptz,
              $18::timestamptz
         from unnest($1::uuid[], $2::bytea[], $3::text[], $4::text[], $5::text[], $6::uuid[])
              as t(id, code_digest, code_ciphertext, email, delivery_status, delivery_id)
       on conflict (code_digest) do nothing
       returning *`,
      [
        pending,
        digests,
        ciphertexts,
        nulls,
        nulls,
        nulls,
        'account',
        shared.inviterId,
        shared.createdByKeyId,
        null,
        null,
        null,
        [],
        '{}',
        1,
        shared.expiresAt,
        shared.now,
        shared.now,
      ],
    );
    inserted.push(...rows);
    const done = new Set(rows.map((row) => row.id));
    pending = pending.filter((id) => !done.has(id));
  }
  return inserted;
}

function countOf(body: unknown): number {
  if (body === undefined) return 1;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new DomainError('VALIDATION_FAILED', 'The body must be a JSON object');
  }
  for (const key of Object.keys(body)) {
    // The baseline creates plain account invites only: the benchmark's request.
    if (key !== 'count') {
      throw new DomainError('VALIDATION_FAILED', `Unsupported field "${key}"`, [
        { path: key, message: 'the baseline takes only count' },
      ]);
    }
  }
  const given = (body as { count?: unknown }).count;
  const count = given === undefined ? 1 : given;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_COUNT) {
    throw new DomainError('VALIDATION_FAILED', `count is 1 to ${MAX_COUNT}`, [
      { path: 'count', message: `between 1 and ${MAX_COUNT}` },
    ]);
  }
  return count;
}

async function createInvites(actor: Actor, count: number): Promise<InviteView[]> {
  const principal = actor.principal;
  return transaction(async (client) => {
    const settings = await loadSettings(client);
    requireInvitesEnabled(settings);
    const now = new Date();
    let expiresAt: Date | null = null;
    if (settings.default_invite_ttl !== 'never') {
      const ms = parseDuration(settings.default_invite_ttl);
      if (ms === undefined) {
        throw new DomainError('INVALID_EXPIRY', `"${settings.default_invite_ttl}" is no duration`);
      }
      expiresAt = new Date(now.getTime() + ms);
    }
    const rows = await insertWithFreshCodes(
      client,
      settings,
      {
        inviterId: principal.kind === 'user' ? principal.id : null,
        createdByKeyId: principal.kind === 'api_key' ? principal.id : null,
        expiresAt,
        now,
      },
      count,
    );
    // Guestlist also runs `delete from invite_groups where invite_id in (...)` here, for rows
    // it has just inserted: they cannot have groups yet, so the baseline leaves it out.
    await recordEvents(
      client,
      actor,
      rows.map((row) => ({
        action: 'invite.created',
        row,
        data: { email: row.email, maxUses: row.max_uses, expiresAt: toIso(row.expires_at) },
      })),
    );
    const relations = await loadRelations(client, rows);
    return rows.map((row) => toView(row, principal, relations, now));
  });
}

/** What an account invite grants (core's grantInvite): its permissions, and its groups. */
async function grantInvite(db: Db, userId: string, row: InviteRow): Promise<void> {
  if (row.permissions.length > 0) {
    await db.query(
      `update users set permissions = array(select distinct unnest(permissions || $1::text[])),
              updated_at = now()
        where id = $2`,
      [row.permissions, userId],
    );
  }
  await db.query(
    `insert into user_groups (user_id, group_id)
     select $1, group_id from invite_groups where invite_id = $2
     on conflict do nothing`,
    [userId, row.id],
  );
}

async function roleIn(db: Db, namespaceId: string, userId: string): Promise<string | null> {
  const { rows } = await db.query<{ role: string }>(
    'select role from collaborators where namespace_id = $1 and user_id = $2',
    [namespaceId, userId],
  );
  return rows[0]?.role ?? null;
}

/** A namespace invite makes its user a collaborator (core's joinNamespace). */
async function joinNamespace(db: Db, row: InviteRow, userId: string, now: Date): Promise<void> {
  const namespaceId = row.namespace_id!;
  if (row.inviter_id !== null) {
    const role = await roleIn(db, namespaceId, row.inviter_id);
    if (role !== 'owner' && role !== 'admin') {
      throw new DomainError('INVITE_CANCELED', 'This invite was withdrawn');
    }
  }
  const already = () =>
    new DomainError('ALREADY_COLLABORATOR', 'You are already a collaborator of this namespace');
  if ((await roleIn(db, namespaceId, userId)) !== null) throw already();
  try {
    await db.query(
      'insert into collaborators (namespace_id, user_id, role, since) values ($1, $2, $3, $4)',
      [namespaceId, userId, row.role ?? 'member', now],
    );
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw already();
    throw error;
  }
}

async function acceptInvite(actor: Actor, ref: string): Promise<InviteView> {
  const user = actor.principal;
  if (user.kind !== 'user') throw new DomainError('FORBIDDEN', 'Only a signed-in user can do this');
  return transaction(async (client) => {
    // The row lock serializes concurrent redeemers: each sees the uses of those before it.
    const row = await findInvite(client, ref, true);
    if (!row) throw notFound();
    // The code is the bearer secret; an id is not. Only the addressee may accept by id.
    if (row.id === ref.toLowerCase() && !isAddressee(user, row)) throw notFound();
    const now = new Date();
    const settings = await loadSettings(client);
    requireInvitesEnabled(settings);
    requireUsable(row, now);
    if (row.email !== null && row.email !== user.email) {
      throw new DomainError(
        'INVITE_EMAIL_MISMATCH',
        'This invite was sent to another email address',
      );
    }
    if (row.email !== null && !user.emailVerified) {
      throw new DomainError(
        'EMAIL_NOT_VERIFIED',
        'Verify your email address to accept this invite',
      );
    }
    if (row.max_uses !== null && row.uses >= row.max_uses) {
      throw new DomainError('INVITE_USED', 'This invite has been used');
    }
    if (row.type === 'namespace' && row.invitee_id !== null && row.invitee_id !== user.id) {
      throw new DomainError('FORBIDDEN', 'This invite is addressed to someone else');
    }
    const already = await client.query(
      'select id from redemptions where invite_id = $1 and user_id = $2',
      [row.id, user.id],
    );
    if (already.rows.length > 0) {
      throw new DomainError('ALREADY_REDEEMED', 'You have already redeemed this invite');
    }
    // Computed from the locked row, as Guestlist does, rather than `uses = uses + 1` in SQL.
    const uses = row.uses + 1;
    const usedUp = row.max_uses !== null && uses >= row.max_uses;
    const { rows: updatedRows } = await client.query<InviteRow>(
      `update invites set uses = $1, status = $2, accepted_at = $3, invitee_id = $4, updated_at = $5
        where id = $6 returning *`,
      [
        uses,
        usedUp ? 'accepted' : 'pending',
        row.accepted_at ?? now,
        // The invitee is the one person who used a single-use invite.
        row.max_uses === 1 ? user.id : row.invitee_id,
        now,
        row.id,
      ],
    );
    const updated = updatedRows[0]!;
    await client.query(
      'insert into redemptions (id, invite_id, user_id, at) values ($1, $2, $3, $4)',
      [randomUUID(), row.id, user.id, now],
    );
    if (row.type === 'namespace') await joinNamespace(client, row, user.id, now);
    else await grantInvite(client, user.id, row);
    await recordEvents(client, actor, [
      { action: 'invite.accepted', row: updated, data: { userId: user.id, uses } },
    ]);
    const relations = await loadRelations(client, [updated]);
    return toView(updated, user, relations, now);
  });
}

// ---------------------------------------------------------------------------------------------
// The server.

const app = Fastify({ logger: false, routerOptions: { maxParamLength: 500 } });

// An empty body is no body, as in Guestlist (spec R1: an empty POST creates one invite).
const json = app.getDefaultJsonParser('error', 'error');
app.removeContentTypeParser('application/json');
app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
  if (body === '') return done(null, undefined);
  json(request, body as string, done);
});

app.setErrorHandler((error: FastifyError, _request, reply) => {
  if (isDomainError(error)) {
    const body = error.fields
      ? { code: error.code, message: error.message, fields: error.fields }
      : { code: error.code, message: error.message };
    return reply.status(statusOf(error.code)).send(body);
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const invalidJson =
      error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError;
    return reply
      .status(invalidJson ? 400 : status)
      .send({ code: invalidJson ? 'INVALID_JSON' : 'VALIDATION_FAILED', message: error.message });
  }
  process.stderr.write(`baseline: ${error.stack ?? error.message}\n`);
  return reply.status(500).send({ code: 'INTERNAL_ERROR', message: 'Internal server error' });
});
app.setNotFoundHandler((_request, reply) =>
  reply.status(404).send({ code: 'NOT_FOUND', message: 'No such endpoint' }),
);

type InviteParams = { Params: { invite: string } };

app.get<InviteParams>('/api/v1/invites/:invite/validate', async (request) => {
  const ref = request.params.invite;
  const [settings, row] = await Promise.all([loadSettings(pool), findInvite(pool, ref)]);
  requireInvitesEnabled(settings);
  if (!row) throw notFound();
  const now = new Date();
  requireUsable(row, now);
  // Guestlist also loads the invite's groups here, which the answer does not show.
  const relations = await loadRelations(pool, [row], { groups: false });
  return { data: toValidation(row, relations, now) };
});

app.get<InviteParams>('/api/v1/invites/:invite', async (request) => {
  const principal = requireAuthenticated(await authenticate(request.headers.authorization));
  const row = await findInvite(pool, request.params.invite);
  // Holders of invite:read and the inviter may read it; for anyone else it does not exist.
  if (!row || (!can(principal, 'invite:read') && !isInviter(principal, row))) throw notFound();
  const relations = await loadRelations(pool, [row]);
  return { data: toView(row, principal, relations, new Date()) };
});

app.get('/api/v1/invites', async (request) => {
  const principal = requireAuthenticated(await authenticate(request.headers.authorization));
  const query = parseRestInviteQuery(
    request.query as Record<string, string | string[] | undefined>,
  );
  return listInvites(principal, query);
});

app.post('/api/v1/invites', async (request, reply) => {
  const principal = requirePermission(
    await authenticate(request.headers.authorization),
    'invite:write',
  );
  const count = countOf(request.body);
  const data = await createInvites({ principal, ip: request.ip ?? null }, count);
  return reply.status(201).send({ data, total: data.length });
});

app.post<InviteParams>('/api/v1/invites/:invite/accept', async (request) => {
  const principal = requireAuthenticated(await authenticate(request.headers.authorization));
  const data = await acceptInvite({ principal, ip: request.ip ?? null }, request.params.invite);
  return { data };
});

await app.listen({ port, host });
const address = app.server.address();
const listeningPort = typeof address === 'object' && address ? address.port : port;
const url = `http://${host.includes(':') ? `[${host}]` : host}:${listeningPort}`;
if (publicUrl === '') publicUrl = url;
process.stdout.write(`listening ${url}\n`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  app
    .close()
    .then(() => pool.end())
    .then(
      () => process.exit(0),
      () => process.exit(1),
    );
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
