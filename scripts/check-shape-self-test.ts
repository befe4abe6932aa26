/**
 * Proof that `check-shape.ts` catches each kind of finding and passes what is legitimate: a
 * small tree that holds the shape is checked clean, then each case adds one flaw and must be
 * reported exactly where it is, and nowhere else. Run with `node scripts/check-shape.ts
 * --self-test`; exits 1 on the first case that does not hold.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { checkShape as CheckShape, Kind } from './check-shape.ts';

// The checker is handed in rather than imported: it loads this module from its own top-level
// await, and a static import back would wait on itself.
const MAX_LINES = 400;
const MAX_SUBJECT = 72;

const lines = (n: number) =>
  `${Array.from({ length: n }, (_, i) => `export const v${i} = ${i};`).join('\n')}\n`;

/** A tree in the shape: every legitimate near-miss of each rule is in it. */
const cleanTree: Record<string, string> = {
  'docs/spec.md': [
    '# Spec',
    '## 1. Concepts',
    '### 1.1 Words',
    '## 6. Rules',
    '- R1 One rule.',
    '- R2a A rule with a letter.',
    '',
  ].join('\n'),
  'packages/core/src/domain/vocabulary.ts': [
    "export const inviteStatuses = ['pending', 'accepted', 'declined'] as const;",
    "export const collaboratorRoles = ['owner', 'admin', 'member'] as const;",
    "export const invitableRoles = ['admin', 'member'] as const;",
    '',
  ].join('\n'),
  'packages/core/src/clean.ts': [
    "import type { Kysely } from 'kysely';",
    "import { inviteStatuses } from './domain/vocabulary.ts';",
    '/** Cites spec §1, §1.1 and §6, rules R1 and R2a; RFC 9110 §11.6.1 is not the spec. */',
    'export interface Row { metadata: Record<string, unknown>; data?: Record<string, unknown> }',
    'export type Db = Kysely<Database>;',
    '// Kysely<any> in a comment says what not to write.',
    "export const one = 'pending';",
    "export const either: 'pending' | null = null;",
    "export const example = ['admin', 'owner'].length + ['pending', 'accepted'].length;",
    'const byId = new Map<string, Row>();',
    "byId.set('a', { metadata: {} });",
    'export async function touch(db: Db, metadata: Record<string, unknown>) {',
    "  await db.updateTable('invites').set({ metadata, status: inviteStatuses[0] }).execute();",
    '  return Object.assign({}, metadata);',
    '}',
    '',
  ].join('\n'),
  'packages/core/src/at-limit.ts': lines(MAX_LINES),
  'packages/core/src/db/migrations/Migration1_init.ts': `${lines(MAX_LINES + 1)}const check = "status in ('pending', 'accepted', 'declined')";\n`,
  'packages/core/src/generated.ts': `// This file was generated. Do not edit.\n${lines(MAX_LINES + 1)}`,
  'packages/core/node_modules/x/index.ts': lines(MAX_LINES + 1),
  'apps/web/dist/big.ts': lines(MAX_LINES + 1),
  'packages/core/test/statuses.test.ts':
    "expect(x).toEqual(['pending', 'accepted', 'declined']);\n",
};

interface Case {
  name: string;
  kind: Kind;
  files: Record<string, string>;
  /** `path:line` of each finding expected. */
  where: string[];
}

const cases: Case[] = [
  {
    name: 'a file over the limit',
    kind: 'long-file',
    files: { 'apps/server/src/long.ts': lines(MAX_LINES + 1) },
    where: ['apps/server/src/long.ts:1'],
  },
  {
    name: 'Kysely<any>',
    kind: 'kysely-any',
    files: {
      'packages/core/src/db.ts': "import type { Kysely } from 'kysely';\nlet db: Kysely<any>;\n",
    },
    where: ['packages/core/src/db.ts:2'],
  },
  {
    name: 'a Record<string, unknown> update',
    kind: 'record-update',
    files: {
      'packages/core/src/update.ts': [
        'export async function write(db: Db, id: string, input: Input) {',
        '  const changes: Record<string, unknown> = {};',
        '  if (input.email) changes.email = input.email;',
        "  await db.updateTable('invites').set(changes).where('id', '=', id).execute();",
        '  const fields = Object.fromEntries(Object.entries(input));',
        "  await db.updateTable('groups')",
        '    .set({ ...fields, updated_at: new Date() })',
        '    .execute();',
        "  await db.updateTable('users').set(input as Record<string, unknown>).execute();",
        '  em.assign(user, fields);',
        '}',
        '',
      ].join('\n'),
    },
    where: [
      'packages/core/src/update.ts:2',
      'packages/core/src/update.ts:4',
      'packages/core/src/update.ts:7',
      'packages/core/src/update.ts:9',
      'packages/core/src/update.ts:10',
    ],
  },
  {
    name: 'status and role lists outside the vocabulary',
    kind: 'closed-list',
    files: {
      'apps/web/src/statuses.ts': [
        "export const all = ['pending', 'accepted', 'declined'];",
        "export type Invitable = 'admin' | 'member';",
        'export const roles = [',
        "  'owner',",
        "  'admin',",
        "  'member',",
        '];',
        '',
      ].join('\n'),
    },
    where: [
      'apps/web/src/statuses.ts:1',
      'apps/web/src/statuses.ts:2',
      'apps/web/src/statuses.ts:4',
    ],
  },
  {
    name: 'spec citations that do not resolve',
    kind: 'spec-citation',
    files: {
      'packages/api/src/cites.ts':
        '/** spec §7, §1.2 and R3 */\nexport const ok = true; // R2 too\n',
      'apps/server/test/cites.test.ts': "describe('rule R9b', () => {});\n",
    },
    where: [
      'apps/server/test/cites.test.ts:1',
      'packages/api/src/cites.ts:1',
      'packages/api/src/cites.ts:1',
      'packages/api/src/cites.ts:1',
      'packages/api/src/cites.ts:2',
    ],
  },
  {
    name: 'a map that drifted from the tree',
    kind: 'map',
    files: {
      'ARCHITECTURE.md': [
        '## Map',
        '| folder | what |',
        '| --- | --- |',
        '| `packages/core/src/domain/` | rules |',
        '| `packages/core/src/gone/` | a folder that was moved |',
        '| `docs/` | the contract |',
        '',
      ].join('\n'),
    },
    where: ['ARCHITECTURE.md:5', 'packages/core/src/db/'],
  },
];

function write(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

function git(root: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['-C', root, '-c', 'user.name=check', '-c', 'user.email=check@example.com', ...args],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  ).trim();
}

export function selfTest(checkShape: typeof CheckShape): number {
  const failures: string[] = [];
  const expect = (ok: boolean, what: string) => {
    if (!ok) failures.push(what);
  };
  const make = () => {
    const root = mkdtempSync(join(tmpdir(), 'check-shape-'));
    write(root, cleanTree);
    return root;
  };
  const roots: string[] = [];
  try {
    const clean = make();
    roots.push(clean);
    const report = checkShape(clean);
    expect(
      report.findings.length === 0,
      `clean tree: expected no findings, got ${JSON.stringify(report.findings, null, 1)}`,
    );
    expect(
      report.notes.some((n) => n.startsWith('commit subjects not checked')),
      'clean tree without git: expected a note that subjects were not checked',
    );

    for (const c of cases) {
      const root = make();
      roots.push(root);
      write(root, c.files);
      const found = checkShape(root).findings;
      const where = found.map((f) => f.where).sort();
      expect(
        found.every((f) => f.kind === c.kind) &&
          JSON.stringify(where) === JSON.stringify([...c.where].sort()),
        `${c.name}: expected ${c.kind} at ${c.where.join(', ')}; got ${JSON.stringify(found, null, 1)}`,
      );
    }

    // Commit subjects, counted from a given commit on.
    const repo = make();
    roots.push(repo);
    git(repo, 'init', '-q');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', `${'x'.repeat(MAX_SUBJECT + 20)} (before: not counted)`);
    const base = git(repo, 'rev-parse', 'HEAD');
    git(repo, 'commit', '-q', '--allow-empty', '-m', 'y'.repeat(MAX_SUBJECT), '-m', 'body');
    git(repo, 'commit', '-q', '--allow-empty', '-m', 'z'.repeat(MAX_SUBJECT + 1));
    const subjects = checkShape(repo, { since: base }).findings;
    expect(
      subjects.length === 1 &&
        subjects[0]!.kind === 'commit-subject' &&
        subjects[0]!.where === `commit ${git(repo, 'rev-parse', '--short', 'HEAD')}`,
      `commit subjects: expected the last commit alone; got ${JSON.stringify(subjects)}`,
    );
    const unknown = checkShape(repo, { since: 'deadbeefdeadbeef' });
    expect(
      unknown.findings.length === 0 && unknown.notes.some((n) => n.includes('deadbeefdeadbeef')),
      'commit subjects: an absent base commit is skipped with a note',
    );

    // As a program: findings listed, exit 1; a clean tree exits 0.
    const script = join(dirname(fileURLToPath(import.meta.url)), 'check-shape.ts');
    const run = (root: string) =>
      spawnSync(process.execPath, [script, '--root', root], { encoding: 'utf8' });
    const bad = run(roots[1]!);
    expect(
      bad.status === 1 && bad.stdout.includes('long-file') && bad.stdout.includes('long.ts:1'),
      `program on a flawed tree: expected exit 1 and the finding; got ${bad.status}: ${bad.stdout}${bad.stderr}`,
    );
    const good = run(clean);
    expect(
      good.status === 0 && good.stdout.includes('shape: ok'),
      `program on a clean tree: expected exit 0; got ${good.status}: ${good.stdout}${good.stderr}`,
    );
  } finally {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  }
  const total = cases.length + 5;
  if (failures.length > 0) {
    console.log(failures.map((f) => `self-test FAILED: ${f}`).join('\n'));
    return 1;
  }
  console.log(`self-test: ${total} checks passed`);
  return 0;
}
