import { join } from 'node:path';
import { binOf, type FinishedProgram, runProgram } from '@guestlist/core/testing';

export const packageRoot = join(import.meta.dirname, '..');
export const workspaceRoot = join(packageRoot, '..', '..');

export { runProgram as run };

/** Runs the workspace's TypeScript compiler on a project directory (its tsconfig.json). */
export function typecheck(projectDir: string): Promise<FinishedProgram> {
  return runProgram(process.execPath, [binOf('typescript', 'tsc', packageRoot), '-p', projectDir], {
    cwd: projectDir,
  });
}

/** The ```ts blocks of a Markdown text, in order. */
export function typescriptBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1] ?? '');
}
