import { query } from '@guestlist/core/testing';
import { describe, expect, it } from 'vitest';
import {
  api,
  env,
  linkToken,
  mailTo,
  PASSWORD,
  settle,
  signUp,
  useLifecycleServer,
} from './account-lifecycle-setup.ts';

useLifecycleServer();

const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  query<T>(env.server.databaseUrl, text, params);

describe('email verification (spec §8)', () => {
  it('register → verification email → link → verified; the registrant keeps their session', async () => {
    const { user, token, email } = await signUp('vera');
    expect(user.emailVerified).toBe(false);
    const link = await linkToken(email, '/verify-email');
    expect(mailTo(email)[0]!.subject).toBe('Verify your email address for Guestlist');

    const verified = await api(token).post('/auth/verify-email', { token: link });
    expect(verified.status).toBe(200);
    expect(verified.body.data).toMatchObject({ id: user.id, email, emailVerified: true });
    // With the account's own session, the proof and the session are one person's: both stay.
    expect((await api(token).get('/me')).body.data.emailVerified).toBe(true);
    expect(
      (await env.anonymous.post('/auth/login', { handle: 'vera', password: PASSWORD })).status,
    ).toBe(200);
    const events = await sql<{ action: string }>(
      `select action from audit_events where target_id = $1 order by created_at`,
      [user.id],
    );
    expect(events.map((e) => e.action).slice(0, 2)).toEqual([
      'user.registered',
      'user.email_verified',
    ]);
  });

  it('a used or expired token answers 400 INVALID_TOKEN and changes nothing', async () => {
    const { user, token, email } = await signUp('reuse');
    const link = await linkToken(email, '/verify-email');
    expect((await env.anonymous.post('/auth/verify-email', { token: link })).status).toBe(200);
    const again = await env.anonymous.post('/auth/verify-email', { token: link });
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('INVALID_TOKEN');

    // Expired: another account's link, past its time.
    const late = await signUp('late');
    const lateLink = await linkToken(late.email, '/verify-email');
    await sql(
      `update account_tokens set expires_at = now() - interval '1 second' where user_id = $1`,
      [late.user.id],
    );
    const expired = await env.anonymous.post('/auth/verify-email', { token: lateLink });
    expect(expired.status).toBe(400);
    expect(expired.body.code).toBe('INVALID_TOKEN');
    expect((await api(late.token).get('/me')).body.data.emailVerified).toBe(false);
    expect((await api(token).get('/me')).status).toBe(401);
    expect(user.id).toBeTruthy();

    for (const bad of ['', 'x'.repeat(40), 'short', 'é'.repeat(40)]) {
      const res = await env.anonymous.post('/auth/verify-email', { token: bad });
      expect(res.status, bad).toBe(400);
      expect(res.body.code).toMatch(/^(INVALID_TOKEN|VALIDATION_FAILED)$/);
    }
  });

  it('POST /me/verify-email sends a fresh link and retires the old one; 409 once verified', async () => {
    const { token, email } = await signUp('again');
    const first = await linkToken(email, '/verify-email');
    const res = await api(token).post('/me/verify-email');
    expect(res.status).toBe(202);
    expect(res.body).toBeUndefined();
    const second = await linkToken(email, '/verify-email', 2);
    expect(second).not.toBe(first);
    const old = await api(token).post('/auth/verify-email', { token: first });
    expect(old.body.code).toBe('INVALID_TOKEN');
    expect((await api(token).post('/auth/verify-email', { token: second })).status).toBe(200);
    const done = await api(token).post('/me/verify-email');
    expect(done.status).toBe(409);
    expect(done.body.code).toBe('EMAIL_ALREADY_VERIFIED');
  });

  it('registering with a vouched invite sends no verification email', async () => {
    const [invite] = (
      await env.admin.post('/invites', { email: 'vouched@example.com', notify: false })
    ).body.data;
    const res = await env.anonymous.post('/auth/register', {
      email: 'vouched@example.com',
      username: 'vouched',
      password: PASSWORD,
      inviteCode: invite.code,
    });
    expect(res.body.data.user.emailVerified).toBe(true);
    await settle();
    expect(mailTo('vouched@example.com')).toEqual([]);
  });
});

describe('PATCH /me (spec §8)', () => {
  it('a new email is unverified until its link is followed; the old link proves nothing', async () => {
    const { user, token, email } = await signUp('mover');
    const oldLink = await linkToken(email, '/verify-email');
    expect((await api(token).post('/auth/verify-email', { token: oldLink })).status).toBe(200);

    const moved = await api(token).patch('/me', { email: 'Mover.New@Example.com' });
    expect(moved.status).toBe(200);
    expect(moved.body.data).toMatchObject({ email: 'mover.new@example.com', emailVerified: false });
    const newLink = await linkToken('mover.new@example.com', '/verify-email');
    expect((await api(token).post('/auth/verify-email', { token: newLink })).status).toBe(200);
    expect((await api(token).get('/me')).body.data).toMatchObject({
      id: user.id,
      email: 'mover.new@example.com',
      emailVerified: true,
    });
  });

  it('a name alone sends nothing; a taken address is 409 EMAIL_TAKEN and writes nothing', async () => {
    const { token, email } = await signUp('namer');
    await settle();
    const before = mailTo(email).length;
    const renamed = await api(token).patch('/me', { name: 'Ada Namer' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.data).toMatchObject({ name: 'Ada Namer', emailVerified: false });
    const same = await api(token).patch('/me', { email: email.toUpperCase() });
    expect(same.status).toBe(200);
    await settle();
    expect(mailTo(email)).toHaveLength(before);

    await signUp('holder');
    const taken = await api(token).patch('/me', { email: 'HOLDER@example.com', name: 'X' });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('EMAIL_TAKEN');
    expect((await api(token).get('/me')).body.data).toMatchObject({ email, name: 'Ada Namer' });
    const bad = await api(token).patch('/me', { email: 'not an address' });
    expect(bad.status).toBe(400);
  });
});

describe('POST /me/password (spec §8)', () => {
  it('a wrong current password is 403 INVALID_CREDENTIALS; the right one ends every other session', async () => {
    const { token } = await signUp('changer');
    const other = (
      await env.anonymous.post('/auth/login', { handle: 'changer', password: PASSWORD })
    ).body.data.token;
    const wrong = await api(token).post('/me/password', {
      currentPassword: 'not my password',
      newPassword: 'a brand new passphrase',
    });
    expect(wrong.status).toBe(403);
    expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
    expect(wrong.headers.get('www-authenticate')).toBeNull();
    expect((await api(other).get('/me')).status).toBe(200);

    const short = await api(token).post('/me/password', {
      currentPassword: PASSWORD,
      newPassword: 'short',
    });
    expect(short.status).toBe(400);

    const ok = await api(token).post('/me/password', {
      currentPassword: PASSWORD,
      newPassword: 'a brand new passphrase',
    });
    expect(ok.status).toBe(204);
    expect((await api(token).get('/me')).status).toBe(200);
    expect((await api(other).get('/me')).status).toBe(401);
    const login = (password: string) =>
      env.anonymous.post('/auth/login', { handle: 'changer', password });
    expect((await login(PASSWORD)).status).toBe(401);
    expect((await login('a brand new passphrase')).status).toBe(200);
  });
});
