/**
 * The worker's figure alone, on a database seeded as `pnpm bench` seeds it:
 * `pnpm --filter @guestlist/bench worker [--invites N] [--emails N] [--runs N] [--data-dir DIR]`.
 * With `--data-dir`, the cluster and its secrets are kept there and a later run reuses the
 * seeded invites: a change to the worker is measured again in seconds, not minutes.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateApiKeySecret, generateSecretKey } from '@guestlist/core';
import { makeTempDataDir, startEmbeddedPostgres } from '@guestlist/core/database';
import { startProcess } from './processes.ts';
import { seedThroughApi, usersWithSessions } from './seed.ts';
import { warmUpOf } from './smtp-sink.ts';
import { measureWorker } from './worker.ts';
import { measureReference } from './worker-reference.ts';

const { values: args } = parseArgs({
  options: {
    invites: { type: 'string', default: '1000000' },
    emails: { type: 'string', default: '9000' },
    runs: { type: 'string', default: '3' },
    'data-dir': { type: 'string' },
    /** Node flags for the worker process, e.g. `--cpu-prof --cpu-prof-dir=DIR`. */
    flags: { type: 'string' },
    /** Skips plain nodemailer's run beside each of the worker's. */
    'no-reference': { type: 'boolean', default: false },
  },
});
const root = path.resolve(import.meta.dirname, '../..');
const log = (message: string) => process.stderr.write(`${message}\n`);

interface Secrets {
  secretKey: string;
  adminKey: string;
  seeded: number;
}
const kept = args['data-dir'] ? path.resolve(args['data-dir']) : null;
const secretsFile = kept && path.join(kept, 'bench-secrets.json');
const secrets: Secrets =
  secretsFile && existsSync(secretsFile)
    ? (JSON.parse(await readFile(secretsFile, 'utf8')) as Secrets)
    : { secretKey: generateSecretKey(), adminKey: generateApiKeySecret(), seeded: 0 };

const database = await startEmbeddedPostgres({
  dataDir: kept ? path.join(kept, 'postgres') : await makeTempDataDir('guestlist-bench'),
  ephemeral: !kept,
});
try {
  const common = { DATABASE_URL: database.url, SECRET_KEY: secrets.secretKey, HOST: '127.0.0.1' };
  const server = await startProcess(
    path.join(root, 'apps/server/src/main.ts'),
    {
      ...common,
      PORT: '0',
      ADMIN_API_KEY: secrets.adminKey,
      LOG_LEVEL: 'warn',
      DATA_DIR: await makeTempDataDir('guestlist-bench-data'),
    },
    /listening on/,
  );
  try {
    const wanted = Number(args.invites);
    if (secrets.seeded < wanted) {
      const { ids } = await usersWithSessions(database.url, 1, `inviter-${secrets.seeded}`);
      log(`--- seeding ${(wanted - secrets.seeded).toLocaleString('en')} invites`);
      await seedThroughApi(
        server.url,
        secrets.adminKey,
        wanted - secrets.seeded,
        ids[0]!,
        () => {},
      );
      secrets.seeded = wanted;
      if (secretsFile) await writeFile(secretsFile, JSON.stringify(secrets), { mode: 0o600 });
    }
    log('--- worker, then the same emails by plain nodemailer, in turn');
    const emails = Number(args.emails);
    const runs: { worker: Awaited<ReturnType<typeof measureWorker>>; reference: number | null }[] =
      [];
    for (let i = 0; i < Number(args.runs); i++) {
      const worker = await measureWorker({
        env: common,
        root,
        serverUrl: server.url,
        adminKey: secrets.adminKey,
        emails,
        nodeFlags: args.flags?.split(' ').filter(Boolean),
      });
      const reference = args['no-reference']
        ? null
        : await measureReference({ serverUrl: server.url, adminKey: secrets.adminKey, emails });
      log(
        `    run ${i + 1}: worker ${worker.emailsPerSecond}/s (CPU per email: ${worker.cpuMsPerEmail} ms, database ${worker.databaseCpuMsPerEmail} ms), reference ${reference ?? '-'}/s`,
      );
      runs.push({ worker, reference });
    }
    const median = (values: number[]) =>
      [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;
    const worker = median(runs.map((r) => r.worker.emailsPerSecond));
    const references = runs.flatMap((r) => (r.reference === null ? [] : [r.reference]));
    const reference = references.length > 0 ? median(references) : null;
    log(
      `    worker ${worker} emails/s steady (median of ${runs.map((r) => r.worker.emailsPerSecond).join(', ')})` +
        (reference === null
          ? ''
          : `; reference ${reference}/s (median of ${references.join(', ')}): ${Math.round((100 * worker) / reference)}%`),
    );
    await writeFile(
      path.join(root, 'bench/results/worker.json'),
      `${JSON.stringify(
        {
          at: new Date().toISOString(),
          invites: secrets.seeded,
          emails,
          warmUp: warmUpOf(emails),
          emailsPerSecond: worker,
          referencePerSecond: reference,
          runs: runs.map((r) => ({
            worker: r.worker.emailsPerSecond,
            withStartup: r.worker.withStartupPerSecond,
            cpuMsPerEmail: r.worker.cpuMsPerEmail,
            databaseCpuMsPerEmail: r.worker.databaseCpuMsPerEmail,
            reference: r.reference,
          })),
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await server.stop();
  }
} finally {
  await database.stop();
}
