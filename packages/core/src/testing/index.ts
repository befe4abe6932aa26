import './provided-context.ts';

export { createTestDatabase, startTestServer } from './database.ts';
export { type TestGuestlist, testGuestlist } from './guestlist.ts';
