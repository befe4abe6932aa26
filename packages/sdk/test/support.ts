import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const packageRoot = join(import.meta.dirname, '..');
export const workspaceRoot = join(packageRoot, '..', '..');

export interface Finished {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program to its end; never rejects on a non-zero exit (the caller asserts on it). */
export function run(
  file: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeout?: number },
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { ...options, timeout: options.timeout ?? 120_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') return reject(error);
        resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
  });
}

/** The entry script of a dependency's binary, resolved from `from` (a directory). */
export function binOf(packageName: string, bin: string, from = packageRoot): string {
  const require = createRequire(join(from, 'package.json'));
  const manifestPath = require.resolve(`${packageName}/package.json`);
  const manifest = require(manifestPath) as { bin: string | Record<string, string> };
  const relative = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin[bin];
  if (!relative) throw new Error(`${packageName} has no binary ${bin}`);
  return join(dirname(manifestPath), relative);
}

/** Runs the workspace's TypeScript compiler on a project directory (its tsconfig.json). */
export function typecheck(projectDir: string): Promise<Finished> {
  return run(process.execPath, [binOf('typescript', 'tsc'), '-p', projectDir], {
    cwd: projectDir,
  });
}

/** The ```ts blocks of a Markdown text, in order. */
export function typescriptBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1] ?? '');
}
