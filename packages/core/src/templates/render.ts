import type { Locale, TemplateKind } from '../domain/vocabulary.ts';
import { builtinTemplate, type TemplateSource } from './builtin.ts';
import { frameEmail } from './layout.ts';
import { compile, render } from './sandbox.ts';
import type { TemplateVariables } from './variables.ts';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

// Values end up in the Subject header: control characters (CR/LF above all) become a space, so
// no value and no template can add a header.
export function plain(value: string): string {
  return value
    .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** Parses all three parts; the first that does not parse answers 400 INVALID_TEMPLATE. */
export function compileTemplate(source: TemplateSource) {
  return {
    subject: compile('subject', source.subject),
    text: compile('text', source.text),
    html: compile('html', source.html),
  };
}

/**
 * An email from a template (spec §11): the subject on one line, the text as written, the HTML
 * inside the product's frame. Any failure, the sandbox's limits included, is INVALID_TEMPLATE.
 */
export async function renderTemplate(
  source: TemplateSource,
  variables: TemplateVariables,
  locale: Locale,
): Promise<RenderedEmail> {
  const compiled = compileTemplate(source);
  const subject = plain(await render(compiled.subject, variables));
  const text = (await render(compiled.text, variables)).replace(/\r\n?/g, '\n');
  const content = await render(compiled.html, variables);
  const html = frameEmail({
    locale,
    subject,
    content,
    product: variables.product,
    to: variables.recipient,
  });
  return { subject, text, html };
}

/** An email from the built-in template alone: what is sent when the operator saved none. */
export function renderBuiltin(
  kind: TemplateKind,
  locale: Locale,
  variables: TemplateVariables,
): Promise<RenderedEmail> {
  return renderTemplate(builtinTemplate(kind, locale), variables, locale);
}
