import { describe, expect, it } from 'vitest';
import { normalizedPath } from '../src/rest-bridge.ts';

/** The WHATWG parser's reading of a path, which `normalizedPath` must give for every path. */
function whatwg(raw: string): string {
  const { pathname } = new URL(raw.startsWith('/') ? `http://h${raw}` : `http://h/${raw}`);
  return `/${pathname.replace(/^\/|\/$/g, '')}`;
}

describe('normalizedPath', () => {
  it('reads every path as the WHATWG parser does, plain ones included', () => {
    const pieces = [
      'a',
      'Z',
      '0',
      '.',
      '..',
      '-',
      '_',
      '~',
      '/',
      '%',
      '%2e',
      '%2E',
      '\\',
      ' ',
      'é',
    ];
    // A fixed walk through the pieces (no randomness): every path up to three pieces long.
    const paths = [''];
    for (let length = 0; length < 3; length++) {
      for (const path of [...paths]) for (const piece of pieces) paths.push(`${path}${piece}`);
    }
    const plain = ['/invites/4f6c2a1e-0b7e-4d2f-9a51-3c1d2e4f5a6b', '/invites/ABCD-EFGH/validate'];
    for (const path of [...paths.map((p) => `/${p}`), ...plain, '/a/./b', '/a/../b', '/.../x']) {
      expect(normalizedPath(`/api/v1${path}?q=1`, '/api/v1'), path).toBe(whatwg(path));
    }
  });
});
