import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/**
 * .ci/postgres.sh's throwaway cluster: its superuser's password is all that guards it (and
 * a superuser runs programs as the `postgres` account), so the directory where that password
 * is written for initdb, the cluster and its socket live must be its owner's alone.
 */

const repository = path.resolve(import.meta.dirname, '../../..');
const installed = existsSync('/usr/lib/postgresql');

// Run inside the script's command: the directory is deleted when the command ends.
const probe = `
const { statSync } = require('node:fs');
const path = require('node:path');
const client = new (require('pg').Client)(process.env.DATABASE_URL);
client.connect()
  .then(() => client.query('show data_directory'))
  .then(({ rows }) => {
    const dir = path.dirname(rows[0].data_directory);
    console.log(JSON.stringify({ mode: statSync(dir).mode & 0o777 }));
    return client.end();
  });
`;

describe.skipIf(!installed)('the CI PostgreSQL cluster', () => {
  it('keeps its directory, password file included, from other local accounts', async () => {
    const { stdout } = await promisify(execFile)(
      path.join(repository, '.ci/postgres.sh'),
      ['--', process.execPath, '-e', probe],
      { cwd: import.meta.dirname },
    );
    const { mode } = JSON.parse(stdout.trim().split('\n').at(-1)!) as { mode: number };
    expect(mode.toString(8)).toBe('700');
  }, 60_000);
});
