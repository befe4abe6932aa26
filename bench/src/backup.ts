/**
 * `pnpm --filter @guestlist/bench backup [invites]`: the time and peak memory of
 * `guestlist-server export` and `import` over a database of N invites (default 200,000), beside
 * a plain `COPY invites` to gzip and back, the floor any export stands on, in the same run.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { createGuestlist, generateCode, generateSecretKey, SecretBox } from '@guestlist/core';
import { makeTempDataDir, startEmbeddedPostgres } from '@guestlist/core/database';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { withClient } from './pg-client.ts';

const invites = Number(process.argv[2] ?? 200_000);
const CLI = path.resolve(import.meta.dirname, '../../apps/server/src/cli.ts');

/** Invites as the service stores them (digest and ciphertext under the key), through COPY. */
async function seed(url: string, secrets: SecretBox): Promise<void> {
  const at = new Date().toISOString();
  async function* lines() {
    for (let i = 0; i < invites; i += 1000) {
      let chunk = '';
      for (let j = i; j < Math.min(invites, i + 1000); j++) {
        const code = generateCode('token');
        chunk += `${randomUUID()}\t\\\\x${secrets.codeDigest(code).toString('hex')}\t${secrets.encrypt(code)}\taccount\tpending\t{}\t{"n":${j}}\t1\t0\t${at}\t${at}\n`;
      }
      yield chunk;
    }
  }
  await withClient(url, (client) =>
    pipeline(
      lines,
      client.query(
        copyFrom(
          'copy invites (id, code_digest, code_ciphertext, type, status, permissions, metadata, max_uses, uses, created_at, updated_at) from stdin',
        ),
      ),
    ),
  );
}

/** A CLI run under `time`: seconds and peak resident memory. */
function timed(args: string[], env: NodeJS.ProcessEnv): Promise<{ seconds: number; mib: number }> {
  return new Promise((resolve, reject) => {
    execFile(
      '/usr/bin/time',
      ['-f', 'TIME %e %M', process.execPath, '--max-old-space-size=256', CLI, ...args],
      { env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 },
      (error, _stdout, stderr) => {
        if (error) return reject(new Error(stderr));
        const [, seconds, kib] = /TIME ([\d.]+) (\d+)/.exec(stderr) ?? [];
        resolve({ seconds: Number(seconds), mib: Math.round(Number(kib) / 1024) });
      },
    );
  });
}

async function seconds(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return Math.round(performance.now() - started) / 1000;
}

/** A database owned by the application's role (no superuser), as an installation has. */
async function createDatabase(name: string): Promise<{ url: string }> {
  await withClient(cluster.adminUrl, (client) =>
    client.query(`create database ${name} owner guestlist_app`),
  );
  const url = new URL(cluster.url);
  url.pathname = `/${name}`;
  return { url: url.toString() };
}

const cluster = await startEmbeddedPostgres({
  dataDir: await makeTempDataDir('guestlist-bench-backup'),
  ephemeral: true,
  fast: true,
});
const source = await createDatabase('bench_source');
const target = await createDatabase('bench_target');
const dir = await mkdtemp(path.join(tmpdir(), 'guestlist-bench-backup-'));
try {
  const secretKey = generateSecretKey();
  const guestlist = await createGuestlist({
    databaseUrl: source.url,
    secretKey,
    publicUrl: 'http://127.0.0.1',
  });
  await guestlist.migrate();
  await guestlist.close();
  await seed(source.url, new SecretBox(secretKey));

  const file = path.join(dir, 'guestlist.export');
  const env = { SECRET_KEY: secretKey, LOG_LEVEL: 'warn', DATA_DIR: dir };
  const exported = await timed(['export', '--out', file], { ...env, DATABASE_URL: source.url });
  const imported = await timed(['import', '--in', file], { ...env, DATABASE_URL: target.url });

  const plain = path.join(dir, 'invites.copy.gz');
  const copyOut = await seconds(() =>
    withClient(source.url, async (client) =>
      pipeline(
        client.query(copyTo('copy invites to stdout')),
        createGzip(),
        createWriteStream(plain),
      ),
    ),
  );
  const copyIn = await seconds(() =>
    withClient(target.url, async (client) => {
      await client.query('create table bench_invites (like invites including all)');
      await pipeline(
        createReadStream(plain),
        createGunzip(),
        client.query(copyFrom('copy bench_invites from stdin')),
      );
    }),
  );
  const mib = async (f: string) => ((await stat(f)).size / 1024 / 1024).toFixed(1);
  console.log(`${invites} invites; export file ${await mib(file)} MiB, plain COPY ${await mib(plain)} MiB
| step | seconds | peak RSS |
| --- | --- | --- |
| guestlist-server export (every table) | ${exported.seconds} | ${exported.mib} MiB |
| guestlist-server import (migrate, load, verify) | ${imported.seconds} | ${imported.mib} MiB |
| COPY invites TO STDOUT, gzip (in-process) | ${copyOut} | – |
| COPY invites FROM gunzip (in-process) | ${copyIn} | – |`);
} finally {
  await rm(dir, { recursive: true, force: true });
  await cluster.stop();
}
