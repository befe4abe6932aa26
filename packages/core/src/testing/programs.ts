import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface FinishedProgram {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a program to its end and gives its exit code and output; a non-zero exit resolves
 * (the test asserts on it), only a program that could not start rejects.
 */
export function runProgram(
  file: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {},
): Promise<FinishedProgram> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { ...options, timeout: options.timeout ?? 120_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') return reject(error);
        resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
  });
}

/** The entry script of a dependency's binary, as resolved from the package in `fromDir`. */
export function binOf(packageName: string, bin: string, fromDir: string): string {
  const require = createRequire(join(fromDir, 'package.json'));
  const manifestPath = require.resolve(`${packageName}/package.json`);
  const manifest = require(manifestPath) as { bin: string | Record<string, string> };
  const relative = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin[bin];
  if (!relative) throw new Error(`${packageName} has no binary ${bin}`);
  return join(dirname(manifestPath), relative);
}
