import type { TestProject } from 'vitest/node';
import { startTestServer } from './database.ts';

import './provided-context.ts';

/** vitest globalSetup: one PostgreSQL server for the whole run. */
export default async function setup(project: TestProject) {
  const server = await startTestServer();
  project.provide('databaseServerUrl', server.url);
  return () => server.stop();
}
