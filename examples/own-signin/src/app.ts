import type { GuestlistClient } from '@guestlist/sdk';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db, UserRow } from './db.ts';
import { openSession, signIn, userOfToken } from './sessions.ts';
import { SignUpRefused, signUp } from './signup.ts';
import { applyEvent, verified } from './webhooks.ts';

export interface AppOptions {
  db: Db;
  /** A client holding an API key with `invite:redeem`. */
  guestlist: GuestlistClient;
  /** The signing secret Guestlist showed when the webhook was registered (`whsec_...`). */
  webhookSecret: string;
}

const SignUpBody = z.strictObject({
  email: z.email().max(254),
  password: z.string().min(10).max(256),
  inviteCode: z.string().min(1).max(128),
});
const SignInBody = z.strictObject({ email: z.string().max(254), password: z.string().max(256) });

/** What the person sees of their account, and what the invite gave them. */
const publicUser = (user: UserRow) => ({
  id: user.id,
  email: user.email,
  permissions: user.permissions,
  groups: user.groups,
  inviteId: user.invite_id,
});

function refuse(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.code(status).send({ error: { code, message } });
}

export function buildApp({ db, guestlist, webhookSecret }: AppOptions) {
  const app = Fastify({ logger: false });

  async function currentUser(request: FastifyRequest): Promise<UserRow | null> {
    const token = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
    return token ? userOfToken(db, token) : null;
  }

  app.post('/signup', async (request, reply) => {
    const body = SignUpBody.safeParse(request.body);
    if (!body.success) return refuse(reply, 400, 'INVALID_INPUT', z.prettifyError(body.error));
    try {
      const user = await signUp(db, guestlist, body.data);
      const token = await openSession(db, user.id);
      return reply.code(201).send({ user: publicUser(user), token });
    } catch (error) {
      if (error instanceof SignUpRefused) {
        return refuse(reply, error.status, error.code, error.message);
      }
      throw error;
    }
  });

  app.post('/signin', async (request, reply) => {
    const body = SignInBody.safeParse(request.body);
    if (!body.success) return refuse(reply, 400, 'INVALID_INPUT', z.prettifyError(body.error));
    const token = await signIn(db, body.data.email, body.data.password);
    if (!token) return refuse(reply, 401, 'INVALID_CREDENTIALS', 'Wrong email or password.');
    return { token };
  });

  app.get('/me', async (request, reply) => {
    const user = await currentUser(request);
    if (!user) return refuse(reply, 401, 'UNAUTHENTICATED', 'Sign in first.');
    return { user: publicUser(user) };
  });

  // A feature only the people whose invite granted `beta:use` may reach.
  app.get('/beta', async (request, reply) => {
    const user = await currentUser(request);
    if (!user) return refuse(reply, 401, 'UNAUTHENTICATED', 'Sign in first.');
    if (!user.permissions.includes('beta:use')) {
      return refuse(reply, 403, 'FORBIDDEN', 'Your invite did not include the beta.');
    }
    return { welcome: 'to the beta' };
  });

  // The invitations as the webhooks told them, for this application's own dashboard.
  app.get('/invitations', async (request, reply) => {
    const user = await currentUser(request);
    if (!user?.permissions.includes('invitations:read')) {
      return refuse(reply, 403, 'FORBIDDEN', 'Not for you.');
    }
    const { rows } = await db.query(
      'select id, email, status, subject from invitations order by event_at desc limit 100',
    );
    return { invitations: rows };
  });

  app.register(async (receiver) => {
    // The signature covers the exact bytes sent: keep the body as text, parse it only once
    // it is verified.
    receiver.addContentTypeParser(
      'application/json',
      { parseAs: 'string', bodyLimit: 1024 * 1024 },
      (_request, body, done) => done(null, body),
    );
    receiver.post('/webhooks/guestlist', async (request, reply) => {
      const event = verified(String(request.body), request.headers, webhookSecret);
      if (!event) return refuse(reply, 401, 'INVALID_SIGNATURE', 'Not signed by Guestlist.');
      await applyEvent(db, String(request.headers['webhook-id']), event);
      // Any 2xx ends Guestlist's retries; a thrown error (500) makes it deliver again later.
      return reply.code(204).send();
    });
  });

  return app;
}
