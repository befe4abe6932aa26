/**
 * How much one request may make the server hold (spec R22). The process runs with a 256 MiB
 * old space (`pnpm start`), the worker beside the server. Each number below keeps the worst
 * request of its operation within a few MiB (some 25 for the largest page), and the heavy ones
 * take turns (HEAVY_CALLS_AT_ONCE), so that a burst of any of them stays well inside that heap
 * (apps/server/test/memory.test.ts measures it). Refusals are 400
 * VALIDATION_FAILED naming the field, or 409 LIMIT_EXCEEDED where what is already stored
 * leaves no room.
 */

/** Invites per create (spec R1). */
export const MAX_COUNT = 1000;

/** Addresses per `POST /invites/send` (spec R2). */
export const MAX_SEND = 100;

/** Characters in one permission: longer than any real scope, short enough to multiply. */
export const PERMISSION_MAX_LENGTH = 256;

/** Permissions in one list (an invite's, a group's, a key's, a user's own, the defaults). */
export const PERMISSIONS_MAX = 100;

/** Groups one invite grants, or one user is set to. */
export const GROUP_REFS_MAX = 100;

/** An invite's metadata as JSON (spec §4). */
export const METADATA_MAX_BYTES = 16 * 1024;

/**
 * Values (objects, arrays, strings, numbers, booleans, nulls) in an invite's metadata. 16 KiB
 * of `[{},{},…]` is 5,000 objects, about 250 KiB of heap each time a row is read, against
 * 16 KiB for 16 KiB of text; a thousand values keep any metadata under about 70 KiB of heap
 * and leave room for every real use (a few dozen fields).
 */
export const METADATA_MAX_VALUES = 1000;

/**
 * What one granted group adds to each invite of an answer: `{"id":"<uuid>","name":"…"}` with a
 * name of some 40 characters (names are at most 100; the schema cannot see them).
 */
export const GROUP_REF_BYTES = 100;

/**
 * What one JSON value of metadata weighs once parsed, beyond its text: V8 spends some 45 bytes
 * on an empty object or a key. Metadata weighs its text plus this for each of its values.
 */
export const METADATA_VALUE_BYTES = 48;

/**
 * A create or send answers every invite in full, and writes each one's audit event and webhook
 * deliveries: the grants (permissions, groups, metadata) are repeated once per invite. Their
 * product, count × grant bytes, is held to 4 MiB: 1,000 invites with 4 KiB of grants each (40
 * groups, or 15 long permissions), or about 40 with the largest grants allowed (some 100 KiB,
 * counting metadata by its parsed size). Plain invites (no grants) always fit: 1,000 of them
 * answer about 500 KiB. The heavy-call turns (HEAVY_CALLS_AT_ONCE) keep three such at once.
 */
export const BULK_GRANTS_MAX_BYTES = 4 * 1024 * 1024;

/** Items in one page of any list. */
export const PAGE_SIZE_MAX = 100;

/**
 * A user's effective permissions (their own and their groups'), as bytes of text. Every
 * request the user makes loads them, and every user in a page of `GET /users` answers them:
 * without a bound, 100 groups of 100 long permissions make one user 2.6 MiB and one page 260
 * MiB. 32 KiB is the largest group (100 × 256) with room to spare, or some 800 permissions of
 * a realistic 40 characters.
 */
export const EFFECTIVE_PERMISSIONS_MAX_BYTES = 32 * 1024;

/**
 * Webhooks on one instance. Each invite event is queued once per webhook listening, so a bulk
 * create of 1,000 invites writes 1,000 × webhooks deliveries; Stripe allows 16 endpoints per
 * account, and so does Guestlist.
 */
export const WEBHOOKS_MAX = 16;

/**
 * Webhook deliveries queued per statement, and their JSON: a bulk create queues one per invite
 * and webhook (16,000 for 1,000 invites), and one statement for all would hold tens of MiB.
 */
export const WEBHOOK_JOBS_PER_INSERT = 1000;
export const WEBHOOK_INSERT_MAX_BYTES = 1024 * 1024;

/**
 * How long the deliveries log keeps a finished delivery: the worker's sweep deletes delivered
 * rows after 7 days and failed ones after 30 (time to notice and retry them). A bulk create
 * writes up to 16,000 rows; the retention, not a count, bounds the table. Pending rows stay
 * until the queue settles them.
 */
export const WEBHOOK_DELIVERED_RETENTION_DAYS = 7;
export const WEBHOOK_FAILED_RETENTION_DAYS = 30;
/** Rows one sweep statement deletes, so that no statement holds many locks. */
export const WEBHOOK_PRUNE_BATCH = 5000;

/** The stored error of a failed attempt: enough to diagnose, never a receiver's whole answer. */
export const WEBHOOK_ERROR_MAX_LENGTH = 500;

/** How long, after a rotation, deliveries are also signed with the replaced secret (spec §9). */
export const WEBHOOK_PREVIOUS_SECRET_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Calls in one batched tRPC request. A batch answers all its calls in one body, so it holds
 * every finished answer until its last call ends: no more of them than the heavy calls the
 * process builds at once (below). A batch of ten pages of the largest invites held ~130 MiB.
 */
export const TRPC_BATCH_MAX = 3;

/**
 * Calls that may build a large answer (bulk creates, lists), run at once in one process. More
 * wait their turn. The largest page (100 invites with the largest grants) takes some 25 MiB of
 * heap while it is built: three at once take under a third of the old space, and still keep
 * both cores busy between their queries.
 */
export const HEAVY_CALLS_AT_ONCE = 3;

/**
 * Password hashes and checks at once. Each argon2id run allocates 19 MiB outside the heap: ten
 * registrations at once would take 190 MiB. Two keep that at 38 MiB and still use both cores.
 */
export const PASSWORD_HASHES_AT_ONCE = 2;

/** Bytes of `value` as JSON text. */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
}

/**
 * Values in a JSON value, itself included; stops walking once past `stopAt`, so that an array
 * of half a million numbers (one request body) is refused without being walked whole.
 */
export function jsonValueCount(value: unknown, stopAt = Number.POSITIVE_INFINITY): number {
  let count = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && count <= stopAt) {
    const item = stack.pop();
    count++;
    if (!item || typeof item !== 'object') continue;
    for (const key in item) {
      if (count + stack.length > stopAt) break;
      stack.push((item as Record<string, unknown>)[key]);
    }
  }
  return count + stack.length;
}

/**
 * What one invite's grants weigh, in bytes of answer and of heap: repeated for every invite a
 * bulk request makes.
 */
export function grantBytes(grants: {
  permissions?: readonly string[] | undefined;
  groups?: readonly unknown[] | undefined;
  metadata?: Record<string, unknown> | undefined;
}): number {
  const metadata = grants.metadata
    ? jsonBytes(grants.metadata) + jsonValueCount(grants.metadata) * METADATA_VALUE_BYTES
    : 0;
  return (
    (grants.permissions ? jsonBytes(grants.permissions) : 0) +
    metadata +
    (grants.groups?.length ?? 0) * GROUP_REF_BYTES
  );
}

/** Characters in a redirect URL (§9 Redirects): as long as browsers and proxies reliably carry. */
export const REDIRECT_URL_MAX_LENGTH = 2048;

/** Origins the invite page may redirect to: an instance serves a few applications, not a web. */
export const REDIRECT_ORIGINS_MAX = 20;

/**
 * Characters in a user search (`filter[search]`): longer than any username, email or name
 * worth typing, and each is matched against three columns of every user.
 */
export const USER_SEARCH_MAX_LENGTH = 200;

/** A template's subject (§11): a line of a mail header, not a page. */
export const TEMPLATE_SUBJECT_MAX_LENGTH = 200;

/** A template's text or HTML body (§11): far above any email people read, far below the heap. */
export const TEMPLATE_BODY_MAX_LENGTH = 100_000;

/**
 * What one rendering may spend (§11, R22): the milliseconds of one template, and the bytes of
 * the strings and ranges it builds. A loop over a hundred million numbers, or a string doubled
 * until it fills the heap, stops here with INVALID_TEMPLATE instead of holding the process.
 */
export const TEMPLATE_RENDER_MS = 250;
export const TEMPLATE_MEMORY_BYTES = 4_000_000;

/**
 * The most items a template's filter takes in one call (§11, R22). The time limit is checked
 * between a template's steps, never inside one filter, so a sort of a range of millions holds
 * the process for seconds; an email's lists (grants, groups) are a hundred at most.
 */
export const TEMPLATE_COLLECTION_MAX = 1_000;
