import { createRequire } from 'node:module';

type Query = (...args: unknown[]) => unknown;

/**
 * Counts the SQL statements this process sends, at the `pg` driver the ORM itself loads (a
 * test's own `import pg` can be another instance of the module under a test runner). For
 * tests of how many round trips a request costs; `restore` puts the driver back.
 */
export function statementCounter() {
  const ormRequire = createRequire(createRequire(import.meta.url).resolve('@mikro-orm/postgresql'));
  const { Client } = ormRequire('pg') as { Client: { prototype: { query: Query } } };
  const original = Client.prototype.query;
  let counted: string[] | null = null;
  Client.prototype.query = function (this: unknown, ...args: unknown[]) {
    const [text] = args as [string | { text: string }];
    counted?.push(typeof text === 'string' ? text : text.text);
    return original.apply(this, args);
  };
  return {
    /** The statements `work` sent, and only those (nothing else may run meanwhile). */
    async during(work: () => Promise<unknown>): Promise<string[]> {
      counted = [];
      try {
        await work();
        return counted;
      } finally {
        counted = null;
      }
    },
    restore() {
      Client.prototype.query = original;
    },
  };
}
