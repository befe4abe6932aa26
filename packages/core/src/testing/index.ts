export { createTestDatabase, startTestServer } from './database.ts';
export { testGuestlist, type TestGuestlist } from './guestlist.ts';
