/**
 * Starts the example application:
 *   DATABASE_URL=postgres://... GUESTLIST_URL=http://localhost:3000 \
 *   GUESTLIST_TOKEN=gl_... GUESTLIST_WEBHOOK_SECRET=whsec_... PORT=4000 node src/main.ts
 */
import { createGuestlistClient } from '@guestlist/sdk';
import { buildApp } from './app.ts';
import { openDatabase } from './db.ts';

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is required (see the README)`);
    process.exit(1);
  }
  return value;
}

const db = await openDatabase(required('DATABASE_URL'));
const app = buildApp({
  db,
  guestlist: createGuestlistClient({
    url: required('GUESTLIST_URL'),
    token: required('GUESTLIST_TOKEN'),
  }),
  webhookSecret: required('GUESTLIST_WEBHOOK_SECRET'),
});
const address = await app.listen({
  port: Number(process.env.PORT ?? 4000),
  host: process.env.HOST ?? '127.0.0.1',
});
console.log(`example application listening on ${address}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    await app.close();
    await db.end();
  });
}
