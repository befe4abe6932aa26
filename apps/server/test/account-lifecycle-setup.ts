import { startWorker, type Worker } from '@guestlist/worker';
import { TestSmtpServer, waitFor } from '@guestlist/worker/testing';
import pino from 'pino';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing.ts';
import { httpClient } from './http.ts';

/**
 * A server, the worker and the SMTP test peer, for the account lifecycle (spec §8): links are
 * read from the emails as a person would read them.
 */
export const env = {} as {
  server: TestServer;
  smtp: TestSmtpServer;
  worker: Worker;
  admin: ReturnType<typeof httpClient>;
  anonymous: ReturnType<typeof httpClient>;
};

export const PASSWORD = 'correct horse battery';

export function useLifecycleServer(): void {
  beforeAll(async () => {
    env.server = await startTestServer(inject('databaseServerUrl'));
    env.smtp = await TestSmtpServer.start();
    env.worker = await startWorker({
      guestlist: env.server.guestlist,
      logger: pino({ level: 'silent' }),
      mail: { smtpUrl: env.smtp.url, from: 'Guestlist <accounts@guestlist.test>', mailDir: '/x' },
      pollingIntervalSeconds: 0.5,
      sweepIntervalSeconds: 3600,
    });
    env.admin = httpClient(`${env.server.url}/api/v1`, env.server.adminKey);
    env.anonymous = httpClient(`${env.server.url}/api/v1`);
    expect((await env.admin.patch('/settings', { registration: 'open' })).status).toBe(200);
  });
  afterAll(async () => {
    await env.worker?.stop();
    await env.smtp?.stop();
    await env.server?.close();
  });
}

export function api(token?: string) {
  return httpClient(`${env.server.url}/api/v1`, token);
}

/** Registers with open registration; answers the account, its session and its address. */
export async function signUp(username: string, email = `${username}@example.com`) {
  const res = await env.anonymous.post('/auth/register', {
    email,
    username,
    password: PASSWORD,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { user: res.body.data.user, token: res.body.data.token as string, email };
}

/** Emails to `to` so far. */
export function mailTo(to: string) {
  return env.smtp.received.filter((m) => m.to.includes(to));
}

/** Waits for the `n`th email to `to` whose link leads to `path`, and answers its token. */
export async function linkToken(
  to: string,
  path: '/verify-email' | '/reset-password',
  n = 1,
): Promise<string> {
  const pattern = new RegExp(`${path}\\?token=([0-9A-Za-z]+)`);
  const emails = await waitFor(
    () => {
      const found = mailTo(to).filter((m) => pattern.test(m.text));
      return found.length >= n && found;
    },
    { what: `email ${n} to ${to} with ${path}` },
  );
  const email = emails[n - 1]!;
  expect(email.text).toContain(`http://guestlist.test${path}?token=`);
  expect(email.html).toContain(`${path}?token=`);
  return email.text.match(pattern)![1]!;
}

/** Lets queued account emails go out, so that "no email" is a finding, not a race. */
export async function settle(): Promise<void> {
  await waitFor(
    async () => {
      const { query } = await import('@guestlist/core/testing');
      const [row] = await query<{ n: number }>(
        env.server.databaseUrl,
        `select count(*)::int as n from pgboss.job
          where name = 'account-email' and state in ('created', 'retry', 'active')`,
      );
      return row!.n === 0;
    },
    { what: 'the account emails to go out' },
  );
}
