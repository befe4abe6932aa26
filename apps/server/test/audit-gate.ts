import http from 'node:http';
import pg from 'pg';
import type { TestServer } from '../src/testing.ts';

/**
 * What R22's heavy-call tests share: audit lists held behind a table lock, the calls that got
 * their turn counted inside the domain (its own method, wrapped, not replaced), and clients that
 * hang up while their call runs or waits.
 */

/** Counts the audit lists running inside the domain now, and the most seen at once. */
export function countAuditLists(server: TestServer): { now: number; most: number } {
  const audit = server.guestlist.audit;
  const list = audit.list.bind(audit);
  const inside = { now: 0, most: 0 };
  audit.list = async (...args) => {
    inside.most = Math.max(inside.most, ++inside.now);
    try {
      return await list(...args);
    } finally {
      inside.now--;
    }
  };
  return inside;
}

/** Runs `body` while audit lists wait on a lock of their table; the lock goes when it ends. */
export async function withAuditLocked(
  server: TestServer,
  body: () => Promise<void>,
): Promise<void> {
  const locker = new pg.Client({ connectionString: server.databaseUrl });
  await locker.connect();
  try {
    await locker.query('begin');
    await locker.query('lock table audit_events in access exclusive mode');
    await body();
  } finally {
    await locker.query('rollback');
    await locker.end();
  }
}

/** Sends a GET and hangs up `afterMs` later, without waiting for the answer. */
export function sendAndHangUp(server: TestServer, path: string, afterMs: number): Promise<void> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve) => {
    const request = http.request({
      host: hostname,
      port,
      path,
      headers: { authorization: `Bearer ${server.adminKey}` },
    });
    request.on('error', () => resolve());
    request.end();
    setTimeout(() => {
      request.destroy();
      resolve();
    }, afterMs);
  });
}

/** Waits until `check` holds or `ms` pass, whichever is first. */
export async function until(check: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 50));
}
