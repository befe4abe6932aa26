/**
 * Liquid in a sandbox (spec §11). An operator's template sees the documented variables and
 * nothing else: no file system (the tags that read files are removed, and the file system the
 * engine is given refuses every read), only an object's own properties (no `constructor`, no
 * prototype), undefined variables and filters are errors rather than blanks, and parsing,
 * rendering time and memory are bounded.
 */
import { Liquid, LiquidError, type Template } from 'liquidjs';
import { DomainError } from '../domain/errors.ts';
import {
  TEMPLATE_BODY_MAX_LENGTH,
  TEMPLATE_MEMORY_BYTES,
  TEMPLATE_RENDER_MS,
} from '../domain/limits.ts';
import { boundFilters } from './bounded-filters.ts';

/** The tags that would reach files: refused at parse time, as unknown tags. */
const FILE_TAGS = ['include', 'render', 'layout', 'block'] as const;

/** Every read is refused: no template may name a file and have it read. */
const noFiles = {
  exists: async () => false,
  existsSync: () => false,
  readFile: async (file: string) => {
    throw new Error(`templates cannot read files (${file.length} characters asked)`);
  },
  readFileSync: (file: string) => {
    throw new Error(`templates cannot read files (${file.length} characters asked)`);
  },
  resolve: () => '',
  contains: async () => false,
  sep: '/',
};

function engine(html: boolean): Liquid {
  const liquid = new Liquid({
    strictVariables: true,
    strictFilters: true,
    ownPropertyOnly: true,
    // HTML bodies escape every value they output; subjects and text are plain.
    ...(html ? { outputEscape: 'escape' as const } : {}),
    fs: noFiles,
    root: [],
    partials: [],
    layouts: [],
    relativeReference: false,
    dynamicPartials: false,
    jsTruthy: false,
    parseLimit: TEMPLATE_BODY_MAX_LENGTH * 2,
    renderLimit: TEMPLATE_RENDER_MS,
    memoryLimit: TEMPLATE_MEMORY_BYTES,
  });
  const registry = liquid as unknown as {
    tags: Record<string, unknown>;
    filters: Record<string, unknown>;
  };
  for (const tag of FILE_TAGS) delete registry.tags[tag];
  // `raw` would let a value from outside (an inviter's name) into the HTML unescaped.
  if (html) delete registry.filters.raw;
  boundFilters(registry.filters);
  return liquid;
}

const engines = { plain: engine(false), html: engine(true) };

export type TemplatePart = 'subject' | 'text' | 'html';

/** A parsed part of a template, ready to render. */
export interface Compiled {
  part: TemplatePart;
  template: Template[];
}

/** 400 INVALID_TEMPLATE for `part`, saying where when the engine knows. */
export function templateError(part: TemplatePart, error: unknown): DomainError {
  const position =
    error instanceof LiquidError
      ? (error.token?.getPosition?.() as number[] | undefined)
      : undefined;
  const [line, column] = position ?? [];
  const reason = error instanceof Error ? error.message : String(error);
  // The engine's message repeats the position; the fields carry it.
  const message = reason.replace(/, line:\d+, col:\d+$/, '').slice(0, 300);
  return new DomainError('INVALID_TEMPLATE', `The ${part} template: ${message}`, [
    {
      path: part,
      message,
      ...(typeof line === 'number' ? { line } : {}),
      ...(typeof column === 'number' ? { column } : {}),
    },
  ]);
}

/**
 * Parsed templates by part and source: the worker renders the same few templates for every
 * email, and a save checks a template it then renders. Parsed templates are immutable, so one
 * serves every rendering. It is small, and keeps only sources of an email's usual size, so
 * that previews of the largest templates allowed cannot fill the heap with parse trees (R22).
 */
const parsed = new Map<string, Template[]>();
const PARSED_MAX = 64;
const PARSED_SOURCE_MAX = 16_384;

export function compile(part: TemplatePart, source: string): Compiled {
  const key = `${part}\0${source}`;
  let template = parsed.get(key);
  if (!template) {
    try {
      template = engines[part === 'html' ? 'html' : 'plain'].parse(source);
    } catch (error) {
      throw templateError(part, error);
    }
    if (source.length <= PARSED_SOURCE_MAX) {
      if (parsed.size >= PARSED_MAX) parsed.clear();
      parsed.set(key, template);
    }
  }
  return { part, template };
}

/** Renders a compiled part with `variables`; any failure, limits included, is INVALID_TEMPLATE. */
export async function render(compiled: Compiled, variables: object): Promise<string> {
  const liquid = engines[compiled.part === 'html' ? 'html' : 'plain'];
  try {
    return String(await liquid.render(compiled.template, variables));
  } catch (error) {
    throw templateError(compiled.part, error);
  }
}
