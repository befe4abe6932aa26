/**
 * ARCHITECTURE.md's map must match the tree: every folder its table names exists, and every
 * source folder falls under a row (or has rows under it). A map that drifts from the code
 * misleads the reader it was written for.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const MAP = 'ARCHITECTURE.md';

/** Folders a reader looks for on the map; deeper ones are covered by their parent's row. */
const SCOPES: [parent: string, depth: 1 | 2][] = [
  ['apps', 2],
  ['packages', 2],
];
const SINGLE = ['examples', 'docs', 'scripts', 'bench/src'];
const SKIPPED = new Set(['node_modules', 'dist', 'coverage', 'test', 'results']);

const isDir = (path: string) => existsSync(path) && statSync(path).isDirectory();
const subdirs = (path: string) =>
  isDir(path)
    ? readdirSync(path).filter((name) => !SKIPPED.has(name) && isDir(join(path, name)))
    : [];

/** `apps/server/src/`, `packages/core/src/db/`, ...: the folders the map must account for. */
function mappedFolders(root: string): string[] {
  const folders: string[] = [];
  for (const [parent, depth] of SCOPES) {
    for (const name of subdirs(join(root, parent))) {
      const src = `${parent}/${name}/src/`;
      if (!isDir(join(root, src))) continue;
      folders.push(src);
      if (depth === 2) for (const sub of subdirs(join(root, src))) folders.push(`${src}${sub}/`);
    }
  }
  for (const path of SINGLE) if (isDir(join(root, path))) folders.push(`${path}/`);
  for (const name of subdirs(join(root, 'examples'))) folders.push(`examples/${name}/`);
  return folders;
}

export interface MapFinding {
  where: string;
  what: string;
}

export function checkMap(root: string): { findings: MapFinding[]; notes: string[] } {
  const file = join(root, MAP);
  if (!existsSync(file)) return { findings: [], notes: [`map not checked: no ${MAP}`] };
  const rows: { path: string; line: number }[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      const cell = /^\|\s*`([^`]+\/)`\s*\|/.exec(text);
      if (cell) rows.push({ path: cell[1]!, line: i + 1 });
    });
  const findings: MapFinding[] = [];
  for (const row of rows) {
    if (!isDir(join(root, row.path))) {
      findings.push({
        where: `${MAP}:${row.line}`,
        what: `${row.path} is on the map, not in the tree`,
      });
    }
  }
  for (const folder of mappedFolders(root)) {
    const covered = rows.some((row) => folder.startsWith(row.path) || row.path.startsWith(folder));
    if (!covered) findings.push({ where: folder, what: `not on the map in ${MAP}` });
  }
  return { findings, notes: [] };
}
