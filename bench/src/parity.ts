import { isDeepStrictEqual } from 'node:util';

/**
 * `invites.get` as the SDK asks for it: its batching link sends even a lone call as a batch of
 * one (`?batch=1&input={"0":…}`), and the answer is a list of one.
 */
export function sdkGetPath(invite: string): string {
  return `/trpc/invites.get?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: { invite } }))}`;
}

/** One request both servers must answer alike. */
export interface ParityCase {
  name: string;
  method?: 'GET' | 'POST';
  path: string;
  /** The baseline's spelling when it differs (it has no tRPC). */
  baselinePath?: string;
  headers?: Record<string, string>;
  body?: string;
  /** What to compare: the answer itself, or only its shape when it is new each time. */
  compare?: 'body' | 'shape';
}

async function answer(url: string, c: ParityCase, path: string) {
  const response = await fetch(`${url}${path}`, {
    method: c.method ?? 'GET',
    headers: {
      ...(c.body ? { 'content-type': 'application/json' } : {}),
      ...c.headers,
    },
    ...(c.body ? { body: c.body } : {}),
  });
  const json = (await response.json()) as unknown;
  // A tRPC answer wraps the procedure's in `result.data`, a batch's in a list of those.
  const body = path.startsWith('/trpc/')
    ? (
        (Array.isArray(json) && json.length === 1 ? json[0] : json) as {
          result?: { data?: unknown };
        }
      ).result?.data
    : json;
  return { status: response.status, body };
}

/** The keys of a JSON value at every depth, with each leaf's type: what a client relies on. */
function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.length > 0 ? [shapeOf(value[0])] : [];
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, inner]) => [key, shapeOf(inner)]),
    );
  }
  return value === null ? 'null' : typeof value;
}

/**
 * The baseline is a fair floor only while it does the same work: each case is sent to both
 * servers, and any difference in status or answer is reported. Answers every difference found.
 */
export async function checkParity(
  guestlistUrl: string,
  baselineUrl: string,
  cases: readonly ParityCase[],
): Promise<string[]> {
  const problems: string[] = [];
  for (const c of cases) {
    const g = await answer(guestlistUrl, c, c.path);
    const b = await answer(baselineUrl, c, c.baselinePath ?? c.path);
    const same =
      g.status === b.status &&
      (c.compare === 'shape'
        ? isDeepStrictEqual(shapeOf(g.body), shapeOf(b.body))
        : isDeepStrictEqual(g.body, b.body));
    if (!same) {
      const show = (body: unknown) =>
        JSON.stringify(c.compare === 'shape' ? shapeOf(body) : body).slice(0, 2000);
      problems.push(
        `${c.name}: Guestlist ${g.status} ${show(g.body)}\n    baseline ${b.status} ${show(b.body)}`,
      );
    }
  }
  return problems;
}
