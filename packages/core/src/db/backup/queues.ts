import type pg from 'pg';
import { copyRows } from './copy.ts';

/** A queue's policy: what an operator may have tuned (pg-boss's `updateQueue`). */
const POLICY = [
  'policy',
  'retry_limit',
  'retry_delay',
  'retry_backoff',
  'retry_delay_max',
  'expire_seconds',
  'retention_seconds',
  'deletion_seconds',
  'warning_queued',
  'dead_letter',
  'heartbeat_seconds',
  'notify',
];

/**
 * pg-boss's queues: the target installed its own at migration, so the exported ones are staged
 * and merged. A queue keeps the target's storage (its job table), takes the exported policy,
 * and one the target lacks is added on the shared job table. Answers the rows staged.
 */
export async function loadQueues(
  client: pg.Client,
  columns: string,
  rows: AsyncIterable<Buffer>,
): Promise<number> {
  await client.query('CREATE TEMP TABLE exported_queue (LIKE pgboss.queue) ON COMMIT DROP');
  const staged = await copyRows(client, `COPY exported_queue (${columns}) FROM STDIN`, rows);
  const list = POLICY.join(', ');
  await client.query(
    `INSERT INTO pgboss.queue (name, ${list}, partition, table_name)
     SELECT name, ${list}, false, 'job_common' FROM exported_queue
     ON CONFLICT (name) DO UPDATE SET ${POLICY.map((c) => `${c} = excluded.${c}`).join(', ')}`,
  );
  return staged;
}
