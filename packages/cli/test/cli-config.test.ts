/**
 * The built `guestlist` binary's help and configuration (flags, environment, config files), run
 * as a user runs it against a real server on PostgreSQL. `pnpm test` builds first.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { guestlist, home, server, useServer } from './cli-setup.ts';

useServer();

describe('help', () => {
  it('describes every command with examples, with no configuration at all', async () => {
    const none = { GUESTLIST_URL: undefined, GUESTLIST_TOKEN: undefined };
    for (const command of [
      [],
      ['invites'],
      ...['create', 'list', 'cancel', 'resend', 'send', 'export'].map((name) => ['invites', name]),
    ]) {
      const run = await guestlist([...command, '--help'], { env: none });
      expect(run.code, command.join(' ')).toBe(0);
      expect(run.stdout).toContain(`Usage: guestlist ${command.join(' ')}`.trim());
      expect(run.stdout, command.join(' ')).toMatch(
        /\nExamples?:\n {2}(export .*\n {2})?guestlist /,
      );
    }
  });
});

describe('configuration', () => {
  it('takes flags over environment over the config file', async () => {
    const dir = await mkdtemp(join(home, 'project-'));
    await writeFile(
      join(dir, '.guestlistrc'),
      JSON.stringify({ url: server.url, token: 'gl_wrong' }),
    );
    const nested = join(dir, 'a', 'b');
    await import('node:fs/promises').then((fs) => fs.mkdir(nested, { recursive: true }));

    // The file alone: found from a subdirectory, its wrong key refused.
    const fileOnly = await guestlist(['invites', 'list'], {
      cwd: nested,
      env: { GUESTLIST_URL: undefined, GUESTLIST_TOKEN: undefined },
    });
    expect(fileOnly.code).toBe(1);
    expect(fileOnly.stderr).toMatch(/^error UNAUTHENTICATED \(401\)/);
    // The environment's key wins over the file's.
    const envWins = await guestlist(['invites', 'list'], {
      cwd: nested,
      env: { GUESTLIST_URL: undefined },
    });
    expect(envWins.code).toBe(0);
    // A flag wins over the environment's URL.
    const flagWins = await guestlist(['--url', server.url, 'invites', 'list'], {
      env: { GUESTLIST_URL: 'http://127.0.0.1:1' },
    });
    expect(flagWins.code).toBe(0);
    // --config names a file anywhere.
    await writeFile(
      join(home, 'other.json'),
      JSON.stringify({ url: server.url, token: server.adminKey }),
    );
    const named = await guestlist(['--config', join(home, 'other.json'), 'invites', 'list'], {
      env: { GUESTLIST_URL: undefined, GUESTLIST_TOKEN: undefined },
    });
    expect(named.code).toBe(0);

    // A broken file found upwards is not read when flags and environment say everything...
    const broken = await mkdtemp(join(home, 'broken-'));
    await writeFile(join(broken, 'guestlist.config.json'), '{ "url": ');
    const unneeded = await guestlist(['invites', 'list'], { cwd: broken });
    expect(unneeded.code).toBe(0);
    // ...and refused when it is needed.
    const needed = await guestlist(['invites', 'list'], {
      cwd: broken,
      env: { GUESTLIST_TOKEN: undefined },
    });
    expect(needed.code).toBe(2);
    expect(needed.stderr).toBe(
      `error: ${join(broken, 'guestlist.config.json')} is not valid JSON\n`,
    );
  });

  it('says what is missing or malformed (exit 2), and never prints the key', async () => {
    const missing = await guestlist(['invites', 'list'], { env: { GUESTLIST_TOKEN: undefined } });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      'error: no API key: set GUESTLIST_TOKEN, pass --token, or put "token" in a .guestlistrc file\n',
    );
    await writeFile(join(home, 'broken.json'), '{ "url": ');
    const broken = await guestlist(['--config', join(home, 'broken.json'), 'invites', 'list']);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('broken.json is not valid JSON');

    const secret = `gl_${'S3cr3tK3y'.repeat(4)}`;
    const wrong = await guestlist(['invites', 'list', '--json'], {
      env: { GUESTLIST_TOKEN: secret },
    });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^error UNAUTHENTICATED \(401\): /);
    expect(wrong.stdout + wrong.stderr).not.toContain(secret);
    // A mistyped flag is echoed by name only, not with the key it carries.
    const typo = await guestlist(['invites', 'list', `--tokn=${secret}`]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("unknown option '--tokn=<hidden>'");
    expect(typo.stdout + typo.stderr).not.toContain(secret);
    const help = await guestlist(['--help'], { env: { GUESTLIST_TOKEN: secret } });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: guestlist');
    expect(help.stdout).not.toContain(secret);
  });
});
