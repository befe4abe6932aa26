/** Who acts in the authorization tests: the operator, strangers, verified people and keys. */
import type { TestServer } from '../src/testing.ts';
import { type HttpResult, httpClient } from './http.ts';

export type Client = ReturnType<typeof httpClient>;

export const PASSWORD = 'correct horse battery';

/** A setup step that must work: its failure is a broken fixture, not a finding. */
export function must<T = any>(res: HttpResult<T>, status: number, what: string): T {
  if (res.status !== status) {
    throw new Error(`setup: ${what} answered ${res.status} ${JSON.stringify(res.body)}`);
  }
  return res.body;
}

export interface Person {
  id: string;
  username: string;
  email: string;
  token: string;
  api: Client;
}

/** Actors on `server`; their addresses are at `domain`, their names unique within the file. */
export function actors(server: TestServer, domain: string) {
  const client = (token?: string) => httpClient(`${server.url}/api/v1`, token);
  const admin = client(server.adminKey);
  const anonymous = client();
  let serial = 0;
  const unique = (label: string) => `${label}${++serial}`;

  async function grant(userId: string, permissions: string[]): Promise<void> {
    must(await admin.patch(`/users/${userId}`, { permissions }), 200, 'set permissions');
  }

  /**
   * A user whose address the operator vouched for (registered with the operator's email
   * invite), holding `permissions`.
   */
  async function verifiedPerson(label: string, permissions: string[] = []): Promise<Person> {
    const username = unique(label);
    const email = `${username}@${domain}`;
    const [signup] = must(
      await admin.post('/invites', { email, notify: false }),
      201,
      `invite ${username}`,
    ).data;
    const { user, token } = must(
      await anonymous.post('/auth/register', {
        email,
        username,
        password: PASSWORD,
        inviteCode: signup.code,
      }),
      201,
      `register ${username}`,
    ).data;
    if (!user.emailVerified) throw new Error(`setup: ${email} is not verified`);
    if (permissions.length > 0) await grant(user.id, permissions);
    return { id: user.id, username, email, token, api: client(token) };
  }

  /** A key with `permissions`, minted by `by` (the operator unless said). */
  async function key(permissions: string[], by: Client = admin): Promise<Client> {
    const { secret } = must(
      await by.post('/api-keys', { name: unique('key'), permissions }),
      201,
      'mint a key',
    ).data;
    return client(secret);
  }

  return { admin, anonymous, client, unique, grant, verifiedPerson, key };
}
