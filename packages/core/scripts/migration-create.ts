/**
 * Writes a new migration: the difference between the entities and the schema that the
 * committed migrations build. Run: pnpm --filter @guestlist/core migration:create [name]
 */
import path from 'node:path';
import { makeTempDataDir, startEmbeddedPostgres } from '../src/database.ts';
import { connectOrm, migrate } from '../src/db/orm.ts';

const name = process.argv[2];
const pg = await startEmbeddedPostgres({
  dataDir: await makeTempDataDir('guestlist-migrate'),
  ephemeral: true,
});
const orm = await connectOrm({ databaseUrl: pg.url });
try {
  await migrate(orm);
  const result = await orm.migrator.create(
    path.resolve(import.meta.dirname, '../src/db/migrations'),
    false,
    false,
    name,
  );
  console.log(
    result.fileName ? `wrote ${result.fileName}` : 'schema is up to date: nothing to write',
  );
  if (result.fileName) console.log('now add it to src/db/migrations/index.ts');
} finally {
  await orm.close(true);
  await pg.stop();
}
