import './provided-context.ts';

export { createTestDatabase, query, startTestServer } from './database.ts';
export { FAST_RETRIES, type TestGuestlist, testGuestlist } from './guestlist.ts';
export { startLegacyCluster } from './legacy-cluster.ts';
export { binOf, type FinishedProgram, runProgram } from './programs.ts';
export { statementCounter } from './statements.ts';
export { migrateToNextRelease, sqlMigration } from './upgrade.ts';
