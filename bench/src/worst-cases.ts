import {
  BULK_GRANTS_MAX_BYTES,
  grantBytes,
  METADATA_MAX_BYTES,
  PAGE_SIZE_MAX,
  PERMISSION_MAX_LENGTH,
  PERMISSIONS_MAX,
  TRPC_BATCH_MAX,
} from '@guestlist/core';

/** Requests of one kind sent at once: R22's "10 concurrent worst-case requests". */
const AT_ONCE = 10;

/** One burst: what it was, and the statuses it was answered with. */
export interface WorstCase {
  name: string;
  statuses: string;
}

/** One of R22's heaviest requests. */
export interface WorstCaseKind {
  name: string;
  path: string;
  method?: string;
  body?: string;
}

/** The largest grants the bounds allow, and how many invites of them one create may make. */
export function largestGrants() {
  const permissions = Array.from({ length: PERMISSIONS_MAX }, (_, i) =>
    `w${i}:`.padEnd(PERMISSION_MAX_LENGTH, 'x'),
  );
  const grants = { permissions, metadata: { b: 'y'.repeat(METADATA_MAX_BYTES - 16) } };
  return { grants, count: Math.floor(BULK_GRANTS_MAX_BYTES / grantBytes(grants)) };
}

/**
 * The heaviest requests the bounds allow (spec R22): the largest bulk create, a megabyte of
 * the costliest JSON, the largest list page, and a tRPC batch of the largest pages.
 */
export function worstCaseKinds(): WorstCaseKind[] {
  const { grants, count } = largestGrants();
  const batch = Array.from({ length: TRPC_BATCH_MAX }, () => 'invites.list');
  const batchInput = Object.fromEntries(
    batch.map((_, i) => [i, { page: { size: PAGE_SIZE_MAX } }]),
  );
  return [
    {
      name: `POST /invites (${count} × largest grants)`,
      path: '/api/v1/invites',
      method: 'POST',
      body: JSON.stringify({ count, ...grants }),
    },
    {
      name: 'POST /invites (1 MiB of {})',
      path: '/api/v1/invites',
      method: 'POST',
      body: `{"metadata":{"a":[${'{},'.repeat(349_000)}{}]}}`,
    },
    { name: 'GET /invites (page of 100)', path: `/api/v1/invites?page[size]=${PAGE_SIZE_MAX}` },
    {
      name: `tRPC batch of ${TRPC_BATCH_MAX} invites.list`,
      path: `/trpc/${batch.join(',')}?batch=1&input=${encodeURIComponent(JSON.stringify(batchInput))}`,
    },
  ];
}

/** Sends `atOnce` copies of one request at once; answers the statuses they got. */
export async function burst(
  url: string,
  adminKey: string,
  kind: WorstCaseKind,
  atOnce = AT_ONCE,
): Promise<WorstCase> {
  const headers = { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' };
  const answers = await Promise.all(
    Array.from({ length: atOnce }, async () => {
      const response = await fetch(`${url}${kind.path}`, {
        method: kind.method ?? 'GET',
        headers,
        ...(kind.body ? { body: kind.body } : {}),
      });
      await response.arrayBuffer();
      return response.status;
    }),
  );
  return { name: kind.name, statuses: [...new Set(answers)].sort().join(', ') };
}
