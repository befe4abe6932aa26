/**
 * Request lines without secrets (spec §7). Invite codes travel in paths (`/i/{code}`,
 * `/invites/{invite}`) and queries (`filter[code]`, tRPC `input`); none of them may reach a log.
 */
export function redactUrl(url: string): string {
  const [pathname = '', query] = url.split('?', 2);
  const path = pathname
    .replace(/\/i\/[^/]+/g, '/i/[redacted]')
    .replace(/\/invites\/(?!send(?:\/|$))[^/]+/g, '/invites/[redacted]');
  if (query === undefined) return path;
  // Query strings are dropped whole: filter values, cursors and tRPC inputs may all carry codes.
  return `${path}?[redacted]`;
}
