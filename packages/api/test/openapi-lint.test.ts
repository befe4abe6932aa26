/**
 * The OpenAPI document as REST users meet it: `redocly lint` (recommended rules, strict) passes
 * with no problem, every operation has an id, a summary, a declared tag and its error codes, and
 * every example is a value its own schema accepts.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binOf, runProgram } from '@guestlist/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createOpenApiDocument,
  errorStatus,
  operationIdOf,
  REAUTHENTICATION_STATUS,
  restOperations,
  restRouter,
} from '../src/index.ts';

// The URL a developer's own instance serves (see `no-server-example.com` in redocly.yaml).
const document = createOpenApiDocument({
  baseUrl: 'http://localhost:3000/api/v1',
  version: '1.0.0',
});
const CONFIG = join(import.meta.dirname, '..', 'redocly.yaml');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'guestlist-openapi-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

interface LintReport {
  totals: { errors: number; warnings: number; ignored: number };
  problems: { ruleId: string; severity: string; message: string }[];
}

/** `redocly lint` on a document: its exit code and its JSON report. */
async function lint(doc: unknown): Promise<{ code: number; report: LintReport; stderr: string }> {
  const file = join(dir, `openapi-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(file, JSON.stringify(doc));
  const redocly = binOf('@redocly/cli', 'redocly', join(import.meta.dirname, '..'));
  const { code, stdout, stderr } = await runProgram(
    process.execPath,
    [redocly, 'lint', file, '--config', CONFIG, '--format', 'json'],
    {
      env: {
        PATH: process.env.PATH,
        REDOCLY_TELEMETRY: 'off',
        REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
      },
      timeout: 60_000,
    },
  );
  return { code, report: JSON.parse(stdout) as LintReport, stderr };
}

/** Each problem as `rule: message`, so a failing assertion shows what redocly said. */
const problemsOf = (report: LintReport) =>
  report.problems.map((problem) => `${problem.ruleId}: ${problem.message}`);

type Operation = {
  operationId?: string;
  requestBody?: { content: Record<string, { example?: unknown }> };
  summary?: string;
  tags?: string[];
  responses: Record<string, Record<string, any>>;
};
const operations = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
  (['get', 'post', 'put', 'patch', 'delete'] as const).flatMap((method) => {
    const operation = item?.[method] as Operation | undefined;
    return operation ? [{ route: `${method.toUpperCase()} ${path}`, operation }] : [];
  }),
);

describe('redocly lint', () => {
  it('passes with no error and no warning', async () => {
    const { code, report, stderr } = await lint(document);
    expect(problemsOf(report)).toEqual([]);
    expect(report.totals).toEqual({ errors: 0, warnings: 0, ignored: 0 });
    expect(stderr).toContain('Your API description is valid');
    expect(code).toBe(0);
  }, 60_000);

  it('refuses the document when an example does not match its schema', async () => {
    const broken = structuredClone(document) as any;
    broken.components.schemas.Invite.examples[0].status = 'waiting';
    broken.paths['/invites'].post.requestBody.content['application/json'].example.count = 'many';
    broken.paths['/users'].get.responses['200'].content[
      'application/json'
    ].examples.page.value.total = 'one';
    const { code, report } = await lint(broken);
    expect(code).not.toBe(0);
    const rules = report.problems.map((problem) => problem.ruleId);
    expect(rules.filter((rule) => rule === 'no-invalid-schema-examples')).toHaveLength(1);
    expect(rules.filter((rule) => rule === 'no-invalid-media-type-examples')).toHaveLength(2);
  }, 60_000);
});

describe('the document', () => {
  it('names, summarizes and tags every operation', () => {
    // Operations are the contract: one may be added, none may go missing.
    expect(operations.length).toBeGreaterThanOrEqual(42);
    const declared = new Set((document.tags ?? []).map((tag) => tag.name));
    for (const { route, operation } of operations) {
      expect(operation.operationId, route).toMatch(/^[a-z][A-Za-z]+$/);
      expect(operation.summary, route).toBeTruthy();
      expect(operation.tags?.length, route).toBeGreaterThan(0);
      for (const tag of operation.tags ?? [])
        expect(declared.has(tag), `${route}: ${tag}`).toBe(true);
    }
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(operationIdOf('auth.register')).toBe('authRegister');
    expect(operationIdOf('rest.invitesList')).toBe('invitesList');
  });

  it("lists each operation's error codes under their own status, with an example each", () => {
    for (const { route, operation } of operations) {
      const errors = Object.entries(operation.responses).filter(
        ([status]) => Number(status) >= 400,
      );
      expect(
        errors.some(([status]) => Number(status) < 500),
        route,
      ).toBe(true);
      for (const [status, response] of errors) {
        const content = response.content['application/json'];
        const codes: string[] = content.schema.allOf[1].properties.code.enum;
        expect(codes.length, `${route} ${status}`).toBeGreaterThan(0);
        for (const code of codes) {
          // The one exception (spec §8): a wrong current password from a signed-in caller.
          const own =
            route === 'POST /me/password' && code === 'INVALID_CREDENTIALS'
              ? REAUTHENTICATION_STATUS
              : errorStatus[code as keyof typeof errorStatus];
          expect(own, `${route} ${code}`).toBe(Number(status));
        }
        expect(Object.keys(content.examples).sort()).toEqual([...codes].sort());
        for (const [code, example] of Object.entries<{ value: unknown }>(content.examples))
          expect(example.value, `${route} ${code}`).toEqual({ code, message: expect.any(String) });
      }
    }
    const cancel = operations.find(({ route }) => route === 'POST /invites/{invite}/cancel')!;
    expect(cancel.operation.responses['409']!.content['application/json'].schema.allOf[1]).toEqual({
      type: 'object',
      properties: { code: { type: 'string', enum: ['INVITE_NOT_PENDING'] } },
    });
  });

  it('derives its operations from the definitions, each listing the domain errors it answers', () => {
    const procedures = Object.entries(
      restRouter._def.procedures as unknown as Record<
        string,
        { _def: { meta?: { openapi?: unknown } } }
      >,
    )
      .filter(([, procedure]) => procedure._def.meta?.openapi)
      .map(([path]) => path)
      .sort();
    expect(restOperations.map((operation) => operation.procedure).sort()).toEqual(procedures);
    expect(restOperations.map((operation) => operation.route).sort()).toEqual(
      operations.map(({ route }) => route).sort(),
    );
    for (const { route, meta } of restOperations) {
      expect(Array.isArray(meta.errors), route).toBe(true);
      const documented = Object.values(
        operations.find((operation) => operation.route === route)!.operation.responses,
      ).flatMap((response) => Object.keys(response.content?.['application/json']?.examples ?? {}));
      for (const code of meta.errors ?? []) expect(documented, `${route} ${code}`).toContain(code);
    }
  });

  it('shows an example of every request body (redocly checks it against the schema)', () => {
    const bodies = operations.filter(({ operation }) => operation.requestBody);
    // Operations are the contract: one may be added, none may go missing.
    expect(bodies.length).toBeGreaterThanOrEqual(20);
    for (const { route, operation } of bodies) {
      expect(operation.requestBody?.content['application/json']?.example, route).toBeInstanceOf(
        Object,
      );
    }
  });

  it('shows an example page for every list operation, which its output schema accepts', () => {
    /** The success answer's JSON, whatever its status (200, 201 or 202). */
    const successOf = (operation: Operation) =>
      Object.entries(operation.responses).find(([status]) => status.startsWith('2'))?.[1]
        ?.content?.['application/json'];
    const pages = restOperations.filter(({ meta }) => meta.examples?.response);
    expect(pages.length).toBeGreaterThanOrEqual(13);
    for (const { route, meta, output } of pages) {
      const page = meta.examples!.response;
      const parsed = z.safeParse(output, page);
      expect(parsed.error?.issues, `${route} page`).toBeUndefined();
      const operation = operations.find((o) => o.route === route)!.operation;
      expect(successOf(operation).examples.page.value).toEqual(page);
    }
    // Every answer whose `data` is a list carries a `total` (R25), and has its example page.
    const lists = operations.filter(
      ({ operation }) => successOf(operation)?.schema?.properties?.data?.type === 'array',
    );
    expect(lists.length).toBe(pages.length);
    for (const { route, operation } of lists) {
      expect(successOf(operation).schema.required, route).toContain('total');
      expect(successOf(operation).examples, route).toBeDefined();
    }
  });

  it('has examples its own schemas accept', () => {
    const schemas = document.components?.schemas ?? {};
    let checked = 0;
    for (const [id, schema] of z.globalRegistry._idmap) {
      if (!(id in schemas)) continue;
      const examples = (z.globalRegistry.get(schema)?.examples ?? []) as unknown[];
      expect(examples.length, id).toBeGreaterThan(0);
      for (const example of examples) {
        const parsed = z.safeParse(schema, example);
        expect(parsed.error?.issues, `${id} example`).toBeUndefined();
        checked++;
      }
    }
    expect(checked).toBe(Object.keys(schemas).length - 1); // all but Error, which is not zod
    expect((schemas.Error as { examples?: unknown[] }).examples).toHaveLength(1);
  });
});
