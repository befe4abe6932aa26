import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectOrm, type Orm } from '../src/db/orm.ts';
import { forkOf, inTransaction, sqlOf } from '../src/services/database.ts';
import { createTestDatabase } from '../src/testing/index.ts';

/**
 * Two transactions that lock the same two rows in opposite orders: PostgreSQL aborts one as
 * the deadlock's victim. `inTransaction` runs the victim again, so both callers succeed and
 * nobody answers 500.
 */
let orm: Orm;
let drop: () => Promise<void>;

beforeAll(async () => {
  const database = await createTestDatabase(inject('databaseServerUrl'));
  drop = database.drop;
  orm = await connectOrm({ databaseUrl: database.url, poolSize: 4 });
  const db = sqlOf(forkOf(orm));
  await sql`create table pair (id int primary key, n int not null)`.execute(db);
  await sql`insert into pair values (1, 0), (2, 0)`.execute(db);
});
afterAll(async () => {
  await orm?.close();
  await drop?.();
});

/** Locks `first`, waits until the other transaction holds its row, then locks `second`. */
function crossing(first: number, second: number, bothHoldOne: Promise<void>, holding: () => void) {
  let runs = 0;
  const done = inTransaction(
    () => forkOf(orm),
    async (tx) => {
      runs++;
      const db = sqlOf(tx);
      await sql`update pair set n = n + 1 where id = ${first}`.execute(db);
      if (runs === 1) {
        holding();
        await bothHoldOne;
      }
      await sql`update pair set n = n + 1 where id = ${second}`.execute(db);
    },
  );
  return { done, runs: () => runs };
}

describe('inTransaction', () => {
  it('runs a deadlock’s victim again: both transactions commit, once each', async () => {
    let held = 0;
    let release!: () => void;
    const bothHoldOne = new Promise<void>((resolve) => {
      release = resolve;
    });
    const holding = () => {
      if (++held === 2) release();
    };
    const a = crossing(1, 2, bothHoldOne, holding);
    const b = crossing(2, 1, bothHoldOne, holding);
    await Promise.all([a.done, b.done]);
    // One of them ran twice: the deadlock really happened, and was absorbed.
    expect(a.runs() + b.runs()).toBe(3);
    const rows = await sql<{ id: number; n: number }>`select id, n from pair order by id`.execute(
      sqlOf(forkOf(orm)),
    );
    // Each transaction's two updates landed exactly once: the victim's first try left nothing.
    expect(rows.rows).toEqual([
      { id: 1, n: 2 },
      { id: 2, n: 2 },
    ]);
  });

  it('does not run again on any other error', async () => {
    let runs = 0;
    await expect(
      inTransaction(
        () => forkOf(orm),
        async (tx) => {
          runs++;
          await sql`insert into pair values (1, 0)`.execute(sqlOf(tx));
        },
      ),
    ).rejects.toThrow(/duplicate key/);
    expect(runs).toBe(1);
  });
});
