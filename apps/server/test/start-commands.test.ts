/**
 * Every documented way of starting a process runs Node alike (docs/decisions/0022, 0033 and
 * 0036): the same heap flags and the same allocator settings, which R22's memory bound was measured
 * under. A start command that drifts from the others runs a process the bound was not
 * measured for.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const startScript = (file: string) =>
  (JSON.parse(read(file)) as { scripts: { start: string } }).scripts.start;

/** The allocator's settings (`NAME=value`, defaults of a shell's `${NAME:-value}` included). */
function allocatorSettings(text: string): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const [, name, fallback, value] of text.matchAll(
    /\b(MALLOC_[A-Z_]+)=(?:"\$\{\1:-([^}]*)\}"|(\S+))/g,
  ))
    settings[name!] = fallback ?? value!;
  return settings;
}

/** The Node flags before the entry point, in order, `--enable-source-maps` aside. */
function nodeFlags(text: string): string[] {
  const command = /\bnode((?:\s+(?:\\\s+)?--[\w-]+(?:=\S+)?)+)/.exec(text)?.[1] ?? '';
  return command
    .split(/[\s\\]+/)
    .filter((flag) => flag.startsWith('--') && flag !== '--enable-source-maps');
}

const commands: [string, string][] = [
  ['pnpm start', startScript('package.json')],
  ['apps/server start', startScript('apps/server/package.json')],
  ['apps/worker start', startScript('apps/worker/package.json')],
  ['start-server.sh', read('scripts/container/start-server.sh')],
  ['start-worker.sh', read('scripts/container/start-worker.sh')],
  // The server's command line (export, import) runs Node as the server does.
  [
    'pnpm guestlist-server',
    (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts[
      'guestlist-server'
    ]!,
  ],
  ['guestlist-server.sh', read('scripts/container/guestlist-server.sh')],
];

describe('the start commands', () => {
  it.each(commands)('%s keeps two malloc arenas and hands blocks of 128 KiB back', (_, text) => {
    expect(allocatorSettings(text)).toEqual({
      MALLOC_ARENA_MAX: '2',
      MALLOC_MMAP_THRESHOLD_: '131072',
    });
  });

  it.each(commands)('%s runs V8 with the same heap flags as the others', (_, text) => {
    expect(nodeFlags(text)).toEqual([
      '--max-old-space-size=256',
      '--max-semi-space-size=8',
      '--no-allocation-site-pretenuring',
    ]);
  });

  it("are the bench's, which measured them", () => {
    const bench = read('bench/src/processes.ts');
    expect(bench).toContain("MALLOC_ARENA_MAX: '2'");
    expect(bench).toContain("MALLOC_MMAP_THRESHOLD_: '131072'");
    expect(bench).toMatch(
      /'--max-old-space-size=256',\s*'--max-semi-space-size=8',\s*'--no-allocation-site-pretenuring',?\s*\]/,
    );
  });
});
