#!/usr/bin/env node
/**
 * `guestlist-server <command>` (spec §10): the server's own tools, reading the same
 * environment as the server. `pnpm guestlist-server export --out FILE` from the repository.
 */
import path from 'node:path';
import { BackupRefused } from '@guestlist/core/backup';
import { loadDotEnv } from '@guestlist/core/database';
import { Command, CommanderError } from 'commander';
import { describeSummary, runExport, runImport } from './backup-commands.ts';
import { readEnv } from './env.ts';

/** The server's settings, `.env` included (spec §10): the same environment the server reads. */
const serverEnv = () => {
  loadDotEnv();
  return readEnv();
};

/** A path as the operator typed it: pnpm runs scripts from the repository root, not from there. */
const resolveFromCaller = (file: string) =>
  path.resolve(process.env.INIT_CWD ?? process.cwd(), file);

const program = new Command('guestlist-server')
  .description(
    'Guestlist server tools. They read the server environment: DATABASE_URL (or the embedded PostgreSQL in DATA_DIR) and SECRET_KEY (or DATA_DIR/secret-key).',
  )
  .exitOverride();

program
  .command('export')
  .description(
    'Write a consistent snapshot of every table (gzip, readable by its owner only) while the service runs.',
  )
  .requiredOption('--out <file>', 'the file to write')
  .option('--force', 'replace the file if it exists', false)
  .action(async (options: { out: string; force: boolean }) => {
    const summary = await runExport(serverEnv(), resolveFromCaller(options.out), options.force);
    process.stdout.write(`${describeSummary('exported', summary)}\n`);
  });

program
  .command('import')
  .description(
    'Load an export into an empty database of the same schema version, with the SECRET_KEY it was made under.',
  )
  .requiredOption('--in <file>', 'the export to load')
  .action(async (options: { in: string }) => {
    const summary = await runImport(serverEnv(), resolveFromCaller(options.in));
    process.stdout.write(`${describeSummary('imported', summary)}\n`);
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else {
    // A refusal is one sentence for the operator; anything else is reported without a stack.
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      error instanceof BackupRefused ? `${message}\n` : `guestlist-server: ${message}\n`,
    );
    process.exitCode = 1;
  }
}
