/**
 * Generates `src/guestlist-api.d.ts` from a running Guestlist's OpenAPI document, as any REST
 * user would: `pnpm generate [URL]` (default `http://localhost:3000`).
 * The test regenerates it from a fresh server and fails when the committed file is stale.
 */
import { writeFile } from 'node:fs/promises';
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';

/** The `paths`, `components` and `operations` types of the document served under `serverUrl`. */
export async function generateTypes(serverUrl: string): Promise<string> {
  const ast = await openapiTS(new URL('/api/v1/openapi.json', serverUrl));
  return COMMENT_HEADER + astToString(ast);
}

if (import.meta.main) {
  const serverUrl = process.argv[2] ?? 'http://localhost:3000';
  const target = new URL('./guestlist-api.d.ts', import.meta.url);
  await writeFile(target, await generateTypes(serverUrl));
  console.log(`wrote ${target.pathname.split('/').slice(-2).join('/')} from ${serverUrl}`);
}
