/**
 * The operator's lists over REST: finding users by part of a username, email or name, and
 * paging the audit log by cursor while new events arrive.
 */
import { describe, expect, it } from 'vitest';
import { admin, invite, person, register, sql, useServer } from './accounts-setup.ts';

useServer();

async function registered(overrides: Record<string, unknown>) {
  const res = await register(person({ inviteCode: (await invite()).code, ...overrides }));
  expect(res.status).toBe(201);
  return res.body.data.user as { id: string; username: string; email: string };
}

const search = (text: string) => `/users?filter[search]=${encodeURIComponent(text)}`;
const ids = (body: { data: { id: string }[] }) => body.data.map((row) => row.id);

describe('GET /users?filter[search]', () => {
  it('finds users by part of the username, email or name, in any case', async () => {
    const ada = await registered({ username: 'ada-lovelace', email: 'countess@engines.test' });
    const grace = await registered({ name: 'Grace Hopper', email: 'amazing@navy.test' });
    await registered({ name: 'Someone Else' });

    const byEmail = await admin.get(search('ENGINES.te'));
    expect(byEmail.status).toBe(200);
    expect(ids(byEmail.body)).toEqual([ada.id]);
    expect(byEmail.body.total).toBe(1);
    expect(ids((await admin.get(search('LoveLace'))).body)).toEqual([ada.id]);
    expect(ids((await admin.get(search('hopp'))).body)).toEqual([grace.id]);
    // Paging applies within the matches.
    const both = await admin.get(`${search('a')}&page[size]=1`);
    expect(both.body.data).toHaveLength(1);
    expect(both.body.total).toBeGreaterThanOrEqual(2);
  });

  it('takes % and _ literally, not as wildcards', async () => {
    const odd = await registered({ name: '100%_sure' });
    await registered({ name: '100 percent sure' });
    expect(ids((await admin.get(search('0%_s'))).body)).toEqual([odd.id]);
    expect(ids((await admin.get(search('%'))).body)).toEqual([odd.id]);
    expect((await admin.get(search('_'))).body.total).toBe(1);
  });

  it('answers 400 INVALID_QUERY to an over-long search or control characters', async () => {
    const before = await sql('select count(*)::int as n from audit_events');
    for (const bad of ['x'.repeat(201), 'line\nbreak', 'tab\there', '\u007f', '\u009b']) {
      const res = await admin.get(search(bad));
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.body.code).toBe('INVALID_QUERY');
    }
    // A NUL is refused before any schema, in every input alike.
    const nul = await admin.get(search('ada\u0000'));
    expect(nul.status).toBe(400);
    expect(nul.body.code).toBe('VALIDATION_FAILED');
    expect(await sql('select count(*)::int as n from audit_events')).toEqual(before);
    expect((await admin.get(search('x'.repeat(200)))).status).toBe(200);
  });
});

describe('GET /audit?page[after]', () => {
  it('pages by cursor, each event exactly once, while new events are written', async () => {
    const action = 'group.created';
    const made = async (name: string) =>
      expect((await admin.post('/groups', { name, permissions: [] })).status).toBe(201);
    for (let i = 0; i < 7; i++) await made(`audit-paging-${i}`);
    const url = (after?: string) =>
      `/audit?filter[action]=${action}&page[size]=3${after ? `&page[after]=${after}` : ''}`;
    const first = await admin.get(url());
    expect(first.status).toBe(200);
    const expected = first.body.total as number;
    const seen: string[] = [...ids(first.body)];
    let cursor: string | null = first.body.nextCursor;
    // Bounded, so that a cursor that led nowhere new fails rather than loops.
    for (let turn = 0; cursor && turn < 10; turn++) {
      await made(`audit-paging-meanwhile-${seen.length}`);
      const page = await admin.get(url(cursor));
      expect(page.status).toBe(200);
      seen.push(...ids(page.body));
      cursor = page.body.nextCursor;
    }
    expect(cursor).toBeNull();
    expect(seen).toHaveLength(expected);
    expect(new Set(seen).size).toBe(expected);
    // Numbered pages still work, and see the events written meanwhile first.
    const numbered = await admin.get(`/audit?filter[action]=${action}&page[size]=3&page[number]=2`);
    expect(numbered.status).toBe(200);
    expect(numbered.body.data).toHaveLength(3);
    expect(numbered.body.total).toBeGreaterThan(expected);
  });

  it('answers 400 INVALID_CURSOR to a forged, garbled or foreign cursor', async () => {
    const forged = Buffer.from(
      JSON.stringify(['audit:-createdAt', "2026-01-01T00:00:00Z'; --", crypto.randomUUID()]),
    ).toString('base64url');
    await invite({ count: 2 });
    const inviteCursor = (await admin.get('/invites?page[size]=1')).body.nextCursor as string;
    expect(inviteCursor).toEqual(expect.any(String));
    for (const bad of [forged, 'not a cursor', '%%%', inviteCursor]) {
      const res = await admin.get(`/audit?page[after]=${encodeURIComponent(bad)}`);
      expect(res.status, bad).toBe(400);
      expect(res.body.code).toBe('INVALID_CURSOR');
    }
    // A cursor with page[number] is ambiguous.
    const cursor = (await admin.get('/audit?page[size]=1')).body.nextCursor as string;
    const both = await admin.get(`/audit?page[after]=${cursor}&page[number]=2`);
    expect(both.status).toBe(400);
    expect(both.body.code).toBe('INVALID_QUERY');
  });
});
