import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * What a browser downloads, gzipped, to show a page: the chunks it loads before the page can
 * render, read from the build's manifest (`build.manifest` in vite.config.ts). Run after a build:
 * `pnpm --filter @guestlist/web size` prints the invite page's and the console's figures, each
 * with the heaviest language catalogue.
 */
interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  css?: string[];
}
type Manifest = Record<string, ManifestChunk>;

export interface PageWeight {
  /** Gzipped bytes of its JavaScript (level 9, as a server would serve it). */
  js: number;
  css: number;
  files: string[];
}

export interface BundleWeights {
  /** `/i/{code}`: the entry chunk and what it imports statically. */
  invitePage: PageWeight;
  /** `/console/invites` opened cold: the entry, the console's shell and its invites page. */
  console: PageWeight;
}

export function measureBundle(outDir: string): BundleWeights {
  const manifest = JSON.parse(
    readFileSync(path.join(outDir, '.vite', 'manifest.json'), 'utf8'),
  ) as Manifest;
  const entry = Object.keys(manifest).find((key) => manifest[key]!.isEntry);
  if (!entry) throw new Error('the manifest has no entry');
  const weigh = (roots: string[]): PageWeight => {
    const seen = new Set<string>();
    const visit = (key: string) => {
      if (seen.has(key)) return;
      seen.add(key);
      for (const next of manifest[key]?.imports ?? []) visit(next);
    };
    for (const root of roots) visit(root);
    const chunks = [...seen].map((key) => manifest[key]!);
    const js = chunks.map((chunk) => chunk.file);
    const css = [...new Set(chunks.flatMap((chunk) => chunk.css ?? []))];
    const gz = (file: string) =>
      gzipSync(readFileSync(path.join(outDir, file)), { level: 9 }).byteLength;
    return {
      js: js.reduce((sum, file) => sum + gz(file), 0),
      css: css.reduce((sum, file) => sum + gz(file), 0),
      files: [...js, ...css].sort(),
    };
  };
  const chunkOf = (source: string) => {
    const key = Object.keys(manifest).find((k) => manifest[k]!.src === source);
    if (!key) throw new Error(`no chunk for ${source}`);
    return key;
  };
  // A page loads one language's catalogue as it starts (apps/web/messages-plugin.ts): count the
  // heaviest, so the figure holds whatever language the reader gets.
  const catalogues = Object.keys(manifest).filter((key) => key.startsWith('guestlist-messages:'));
  const heaviest = catalogues
    .map((key) => ({ key, weight: weigh([key]).js }))
    .sort((a, b) => b.weight - a.weight)[0];
  const withCatalogue = (roots: string[]) => weigh(heaviest ? [...roots, heaviest.key] : roots);
  return {
    invitePage: withCatalogue([entry]),
    console: weigh([entry, chunkOf('src/console/Console.tsx'), chunkOf('src/console/Invites.tsx')]),
  };
}

if (import.meta.main) {
  const outDir = path.resolve(import.meta.dirname, '..', process.argv[2] ?? 'dist');
  const weights = measureBundle(outDir);
  const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
  for (const [page, weight] of Object.entries(weights))
    process.stdout.write(
      `${page.padEnd(11)} JavaScript ${kB(weight.js)} gzipped, CSS ${kB(weight.css)} (${weight.files.length} files)\n`,
    );
}
