import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

/**
 * Reads a `.env` file (spec §10) into `target`, the way the server, the worker and the command
 * line start: a variable the environment already has, even empty, wins over the file, so a
 * deployment's settings are never overridden by a file left in the directory. No file, nothing
 * read. Returns the names it set.
 */
export function loadDotEnv(file = '.env', target: NodeJS.ProcessEnv = process.env): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new Error(`${file} cannot be read: ${(error as Error).message}`);
  }
  const set: string[] = [];
  for (const [name, value] of Object.entries(parseEnv(text))) {
    if (Object.hasOwn(target, name)) continue;
    target[name] = value;
    set.push(name);
  }
  return set;
}
