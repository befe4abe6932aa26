import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/**
 * COPY … FROM STDIN fed from `chunks` with backpressure; answers the rows the server took.
 * Through `pipeline`: when the chunks fail (a damaged file), the COPY is aborted (CopyFail),
 * so the connection can still roll back instead of waiting for data that never comes.
 */
export async function copyRows(
  client: pg.Client,
  sql: string,
  chunks: AsyncIterable<Buffer>,
): Promise<number> {
  const sink = client.query(copyFrom(sql));
  await pipeline(chunks, sink);
  return sink.rowCount;
}
