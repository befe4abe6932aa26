import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing.ts';
import { httpClient } from './http.ts';

let server: TestServer;
let api: ReturnType<typeof httpClient>;
type Invite = {
  id: string;
  code: string;
  status: string;
  email: string | null;
  createdAt: string;
  expiresAt: string | null;
  updatedAt: string;
};
let all: Invite[];

/** 40 invites: 10 with emails, 10 never expiring, 5 canceled; created in batches for distinct times. */
beforeAll(async () => {
  server = await startTestServer(inject('databaseServerUrl'));
  api = httpClient(`${server.url}/api/v1`, server.adminKey);
  for (let i = 0; i < 10; i++)
    await api.post('/invites', { email: `user${i}@list.test`, expiresIn: `${i + 1}h` });
  await api.post('/invites', { count: 10, expiresIn: 'never' });
  await api.post('/invites', { count: 20, expiresIn: '2d' });
  const listed = await api.get('/invites?page[size]=100');
  all = listed.body.data;
  for (const invite of all.filter((i) => i.email === null && i.expiresAt !== null).slice(0, 5)) {
    await api.post(`/invites/${invite.id}/cancel`);
  }
  all = (await api.get('/invites?page[size]=100')).body.data;
});
afterAll(() => server?.close());

const ids = (list: Invite[]) => list.map((i) => i.id);

async function everyPage(query: string, size: number, mode: 'cursor' | 'number') {
  const seen: Invite[] = [];
  let after: string | null = null;
  for (let page = 1; page < 100; page++) {
    const paging: string =
      mode === 'cursor' ? (after ? `&page[after]=${after}` : '') : `&page[number]=${page}`;
    const res: { status: number; body: { data: Invite[]; nextCursor: string | null } } =
      await api.get(`/invites?page[size]=${size}${query}${paging}`);
    expect(res.status).toBe(200);
    seen.push(...res.body.data);
    after = res.body.nextCursor;
    if (mode === 'cursor' ? !after : res.body.data.length < size) break;
  }
  return seen;
}

describe('GET /invites (§5.1)', () => {
  it('counts every match and defaults to 30 newest first', async () => {
    const res = await api.get('/invites');
    expect(res.body.total).toBe(40);
    expect(res.body.data).toHaveLength(30);
    const created = res.body.data.map((i: Invite) => i.createdAt);
    expect(created).toEqual([...created].sort().reverse());
    expect(res.body.nextCursor).toEqual(expect.any(String));
  });

  it('filters by equality, in and nin', async () => {
    const canceled = await api.get('/invites?filter[status]=canceled');
    expect(canceled.body.total).toBe(5);
    const either = await api.get('/invites?filter[status]=in:canceled,pending&page[size]=100');
    expect(either.body.total).toBe(40);
    const notCanceled = await api.get('/invites?filter[status]=nin:canceled');
    expect(notCanceled.body.total).toBe(35);
    const email = await api.get('/invites?filter[email]=USER3@list.test');
    expect(email.body.data.map((i: Invite) => i.email)).toEqual(['user3@list.test']);
    const emails = await api.get('/invites?filter[email]=in:user1@list.test,user2@list.test');
    expect(emails.body.total).toBe(2);
    const target = all[7]!;
    const code = await api.get(`/invites?filter[code]=${target.code}`);
    expect(ids(code.body.data)).toEqual([target.id]);
    const type = await api.get('/invites?filter[type]=namespace');
    expect(type.body.total).toBe(0);
  });

  it('filters dates with gte and lte, combined with AND', async () => {
    const sorted = [...all].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    const from = sorted[10]!.createdAt;
    const to = sorted[19]!.createdAt;
    const res = await api.get(
      `/invites?filter[createdAt]=gte:${from}&filter[createdAt]=lte:${to}&page[size]=100`,
    );
    // Repeating a key is ambiguous: refused rather than guessed.
    expect(res.status).toBe(400);
    const gte = await api.get(`/invites?filter[createdAt]=gte:${from}&page[size]=100`);
    expect(gte.body.total).toBe(all.filter((i) => i.createdAt >= from).length);
    const soon = new Date(Date.now() + 5.5 * 3_600_000).toISOString();
    const expiring = await api.get(`/invites?filter[expiresAt]=lte:${soon}&filter[status]=pending`);
    expect(expiring.body.total).toBe(5);
  });

  it('sorts by createdAt, expiresAt and updatedAt both ways', async () => {
    for (const field of ['createdAt', 'expiresAt', 'updatedAt'] as const) {
      for (const descending of [false, true]) {
        const res = await api.get(`/invites?sort=${descending ? '-' : ''}${field}&page[size]=100`);
        expect(res.status).toBe(200);
        const key = (i: Invite) => i[field] ?? '9999';
        const values = res.body.data.map(key);
        const expected = [...values].sort();
        expect(values).toEqual(descending ? expected.reverse() : expected);
      }
    }
  });

  it('pages by cursor and by number to the same rows, for every sort', async () => {
    for (const sort of ['-createdAt', 'createdAt', 'expiresAt', '-expiresAt', '-updatedAt']) {
      const byCursor = await everyPage(`&sort=${sort}`, 7, 'cursor');
      const byNumber = await everyPage(`&sort=${sort}`, 7, 'number');
      expect(byCursor).toHaveLength(40);
      expect(new Set(ids(byCursor)).size).toBe(40);
      expect(ids(byCursor)).toEqual(ids(byNumber));
    }
  });

  it('keeps the filter while paging by cursor', async () => {
    const pages = await everyPage('&filter[status]=pending&sort=expiresAt', 4, 'cursor');
    expect(pages).toHaveLength(35);
    expect(pages.every((i) => i.status === 'pending')).toBe(true);
  });

  it.each([
    ['an unknown field', 'filter[colour]=red', 'INVALID_QUERY'],
    ['an unknown operator', 'filter[status]=like:pend', 'INVALID_QUERY'],
    ['gte on a non-date', 'filter[status]=gte:pending', 'INVALID_QUERY'],
    ['in on a date', 'filter[createdAt]=in:2020-01-01', 'INVALID_QUERY'],
    ['a bad date', 'filter[createdAt]=gte:yesterday', 'INVALID_QUERY'],
    ['an unknown status', 'filter[status]=lost', 'INVALID_QUERY'],
    ['an unknown sort', 'sort=email', 'INVALID_QUERY'],
    ['page[size] 0', 'page[size]=0', 'INVALID_QUERY'],
    ['page[size] 101', 'page[size]=101', 'INVALID_QUERY'],
    ['page[number] 0', 'page[number]=0', 'INVALID_QUERY'],
    ['a forged cursor', 'page[after]=bm90LWEtY3Vyc29y', 'INVALID_CURSOR'],
    ['an unknown parameter', 'colour=red', 'INVALID_QUERY'],
  ])('answers 400 to %s', async (_label, query, code) => {
    const res = await api.get(`/invites?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(code);
  });

  it('refuses a cursor from another sort, and cursor with page number', async () => {
    const first = await api.get('/invites?sort=createdAt&page[size]=5');
    const other = await api.get(`/invites?sort=-updatedAt&page[after]=${first.body.nextCursor}`);
    expect(other.status).toBe(400);
    expect(other.body.code).toBe('INVALID_CURSOR');
    const both = await api.get(
      `/invites?sort=createdAt&page[number]=2&page[after]=${first.body.nextCursor}`,
    );
    expect(both.status).toBe(400);
  });
});
