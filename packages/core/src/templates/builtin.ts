/**
 * The built-in templates (spec §11): Liquid files in `builtin/`, one per kind and locale, named
 * `<kind>.<locale>.liquid`. Each holds its three parts under marker lines, in this order:
 *
 *     === subject ===
 *     ...
 *     === text ===
 *     ...
 *     === html ===
 *     ...
 *
 * An operator starts a template of their own from one of these (GET answers it with
 * `builtIn: true`). The production build copies the folder beside its bundle.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Locale, TemplateKind } from '../domain/vocabulary.ts';

export interface TemplateSource {
  subject: string;
  text: string;
  html: string;
}

/** Beside this module in the sources; `templates/builtin/` beside the bundle in a build. */
function builtinFolder(): URL {
  const candidates = [
    new URL('./builtin/', import.meta.url),
    new URL('./templates/builtin/', import.meta.url),
  ];
  return candidates.find((url) => existsSync(url)) ?? candidates[0]!;
}

const SECTIONS = /^=== (subject|text|html) ===\n/gm;

/** Splits a built-in file into its parts; a file without all three is a bug of the repository. */
export function parseTemplateFile(content: string, name: string): TemplateSource {
  const parts: Partial<TemplateSource> = {};
  const marks = [...content.matchAll(SECTIONS)];
  marks.forEach((mark, i) => {
    const start = mark.index + mark[0].length;
    const end = marks[i + 1]?.index ?? content.length;
    parts[mark[1] as keyof TemplateSource] = content.slice(start, end).replace(/\n$/, '');
  });
  if (parts.subject === undefined || parts.text === undefined || parts.html === undefined) {
    throw new Error(`built-in template ${name} lacks a subject, text or html section`);
  }
  return { subject: parts.subject.trim(), text: `${parts.text}\n`, html: `${parts.html}\n` };
}

const cache = new Map<string, TemplateSource>();

export function builtinTemplate(kind: TemplateKind, locale: Locale): TemplateSource {
  const name = `${kind}.${locale}.liquid`;
  let source = cache.get(name);
  if (!source) {
    source = parseTemplateFile(readFileSync(new URL(name, builtinFolder()), 'utf8'), name);
    cache.set(name, source);
  }
  return source;
}
