import type { TRPCClient } from '@trpc/client';
import type { CallOptions } from './client.ts';
import type { GuestlistRouter, RenderedEmail, Template, TemplateBody } from './types.ts';
import type { Locale, TemplateKind } from './vocabulary.ts';

/** The operator's email templates (Liquid), one per kind and locale; `settings:read`/`:write`. */
export interface TemplatesClient {
  /** The template in force: the operator's, or the built-in one (`builtIn: true`). */
  get(kind: TemplateKind, locale: Locale, options?: CallOptions): Promise<Template>;
  /** Saves one; `INVALID_TEMPLATE` (with `line` and `column` in `fields`) if it does not parse. */
  put(
    kind: TemplateKind,
    locale: Locale,
    body: TemplateBody,
    options?: CallOptions,
  ): Promise<Template>;
  /** Returns to the built-in template, and answers it. */
  delete(kind: TemplateKind, locale: Locale, options?: CallOptions): Promise<Template>;
  /** Renders `body`, or the template in force, with sample values. */
  preview(
    kind: TemplateKind,
    locale: Locale,
    body?: TemplateBody,
    options?: CallOptions,
  ): Promise<RenderedEmail>;
}

type Unwrap = <T>(run: () => Promise<{ data: T }>) => Promise<T>;

export function templatesClient(
  trpc: TRPCClient<GuestlistRouter>,
  unwrap: Unwrap,
): TemplatesClient {
  return {
    get: (kind, locale, opts) => unwrap(() => trpc.templates.get.query({ kind, locale }, opts)),
    put: (kind, locale, body, opts) =>
      unwrap(() => trpc.templates.put.mutate({ kind, locale, ...body }, opts)),
    delete: (kind, locale, opts) =>
      unwrap(() => trpc.templates.delete.mutate({ kind, locale }, opts)),
    preview: (kind, locale, body, opts) =>
      unwrap(() => trpc.templates.preview.mutate({ kind, locale, ...body }, opts)),
  };
}
