import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** COPY … FROM STDIN fed with the stream's own backpressure; answers the rows the server took. */
export async function copyRows(
  client: pg.Client,
  sql: string,
  chunks: AsyncIterable<Buffer>,
): Promise<number> {
  const sink = client.query(copyFrom(sql));
  for await (const chunk of chunks) if (!sink.write(chunk)) await once(sink, 'drain');
  sink.end();
  await finished(sink);
  return sink.rowCount;
}
