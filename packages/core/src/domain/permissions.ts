/**
 * Shiro-style wildcard permissions (spec §1).
 *
 * A permission is parts separated by `:`; a part is alternatives separated by `,`.
 * `*` as a part matches any value. A granted permission shorter than the requested one
 * implies everything below it (`invite` implies `invite:read`), while a requested
 * permission shorter than the grant is implied only when the grant's extra parts are all `*`.
 */

const PART = /^(\*|[A-Za-z0-9_.\-/]+(,[A-Za-z0-9_.\-/]+)*)$/;

/** A permission string is well formed: non-empty parts, no spaces, at most 256 characters. */
export function isValidPermission(permission: string): boolean {
  if (permission.length === 0 || permission.length > 256) return false;
  return permission.split(':').every((part) => PART.test(part));
}

type Parsed = ReadonlyArray<ReadonlySet<string>>;

const parseCache = new Map<string, Parsed>();

function parse(permission: string): Parsed {
  let parsed = parseCache.get(permission);
  if (!parsed) {
    parsed = permission.split(':').map((part) => new Set(part.split(',')));
    // Grants come from a small set of keys, users and groups: a bounded cache is enough.
    if (parseCache.size > 10_000) parseCache.clear();
    parseCache.set(permission, parsed);
  }
  return parsed;
}

/** Whether one granted permission implies the requested one. */
export function implies(granted: string, requested: string): boolean {
  const grant = parse(granted);
  const want = parse(requested);
  for (let i = 0; i < want.length; i++) {
    const g = grant[i];
    // A grant that stops early implies everything beneath it.
    if (!g) return true;
    if (g.has('*')) continue;
    const w = want[i]!;
    for (const value of w) if (!g.has(value)) return false;
  }
  // The grant is longer than the request: its remaining parts must all be wildcards.
  for (let i = want.length; i < grant.length; i++) {
    if (!grant[i]!.has('*')) return false;
  }
  return true;
}

/** Whether any of the granted permissions implies the requested one. */
export function isPermitted(granted: Iterable<string>, requested: string): boolean {
  for (const g of granted) if (implies(g, requested)) return true;
  return false;
}
