/**
 * The worker's figure alone, on a database seeded as `pnpm bench` seeds it:
 * `pnpm --filter @guestlist/bench worker [--invites N] [--emails N]`.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  generateApiKeySecret,
  generateSecretKey,
  makeTempDataDir,
  startEmbeddedPostgres,
} from '@guestlist/core';
import { startProcess } from './processes.ts';
import { seedThroughApi, usersWithSessions } from './seed.ts';
import { measureWorker } from './worker.ts';

const { values: args } = parseArgs({
  options: {
    invites: { type: 'string', default: '1000000' },
    emails: { type: 'string', default: '5000' },
  },
});
const root = path.resolve(import.meta.dirname, '../..');
const log = (message: string) => process.stderr.write(`${message}\n`);
const database = await startEmbeddedPostgres({
  dataDir: await makeTempDataDir('guestlist-bench'),
  ephemeral: true,
});
try {
  const common = { DATABASE_URL: database.url, SECRET_KEY: generateSecretKey(), HOST: '127.0.0.1' };
  const adminKey = generateApiKeySecret();
  const server = await startProcess(
    path.join(root, 'apps/server/src/main.ts'),
    {
      ...common,
      PORT: '0',
      ADMIN_API_KEY: adminKey,
      LOG_LEVEL: 'warn',
      DATA_DIR: await makeTempDataDir('guestlist-bench-data'),
    },
    /listening on/,
  );
  try {
    const { ids } = await usersWithSessions(database.url, 1, 'inviter');
    log(`--- seeding ${Number(args.invites).toLocaleString('en')} invites`);
    await seedThroughApi(server.url, adminKey, Number(args.invites), ids[0]!, () => {});
    log('--- worker');
    const result = await measureWorker({
      env: common,
      root,
      serverUrl: server.url,
      adminKey,
      emails: Number(args.emails),
    });
    log(
      `    ${result.emailsPerSecond} emails/s steady, ${result.withStartupPerSecond}/s counting the start`,
    );
    await writeFile(
      path.join(root, 'bench/results/worker.json'),
      `${JSON.stringify({ at: new Date().toISOString(), invites: Number(args.invites), ...result }, null, 2)}\n`,
    );
  } finally {
    await server.stop();
  }
} finally {
  await database.stop();
}
