import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from '@formatjs/icu-messageformat-parser';
import type { Plugin } from 'vite';

const MESSAGES = /^@guestlist\/i18n\/messages\/([a-z]{2})\.json$/;
const PREFIX = '\0guestlist-messages:';

/**
 * The pages' message catalogues, parsed at build time: each locale's chunk holds its messages
 * as ICU syntax trees, and the browser formats them without the ICU parser, which is
 * the largest part of intl-messageformat (about 10 kB gzipped of the invite page's first load).
 */
export function precompiledMessages(): Plugin {
  const files = new Map<string, string>();
  return {
    name: 'guestlist-precompiled-messages',
    enforce: 'pre',
    async resolveId(source, importer) {
      const match = MESSAGES.exec(source);
      if (!match) return null;
      const resolved = await this.resolve(source, importer, { skipSelf: true });
      if (!resolved) return null;
      // An id of its own, not ending in `.json`: Vite's JSON plugin leaves it alone.
      files.set(match[1]!, resolved.id);
      return `${PREFIX}${match[1]}`;
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const file = files.get(id.slice(PREFIX.length));
      if (!file) return null;
      this.addWatchFile(file);
      const messages = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
      const trees = Object.fromEntries(
        Object.entries(messages).map(([key, message]) => [key, parse(message)]),
      );
      return `export default ${JSON.stringify(trees)};`;
    },
  };
}

/** intl-messageformat's import of the parser, answered by its parser-less build. */
export const parserlessFormat = {
  find: /^@formatjs\/icu-messageformat-parser$/,
  replacement: fileURLToPath(
    import.meta.resolve('@formatjs/icu-messageformat-parser/no-parser.js'),
  ),
};
