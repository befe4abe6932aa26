import { DomainError } from '../domain/errors.ts';
import { TEMPLATE_BODY_MAX_LENGTH, TEMPLATE_SUBJECT_MAX_LENGTH } from '../domain/limits.ts';
import { type Actor, requirePermission } from '../domain/principal.ts';
import type { SettingsView } from '../domain/types.ts';
import type { Locale, TemplateKind } from '../domain/vocabulary.ts';
import { TemplateRepository } from '../repositories/templates.ts';
import { builtinTemplate, type TemplateSource } from '../templates/builtin.ts';
import { grantLabels, product } from '../templates/compose.ts';
import { compileTemplate, type RenderedEmail, renderTemplate } from '../templates/render.ts';
import { sampleVariables, type TemplateVariables } from '../templates/variables.ts';
import { recordAudit } from './audit.ts';
import { type Em, inTransaction, toIso } from './database.ts';
import { loadSettings } from './settings.ts';

/** One template as the API shows it: the operator's, or the built-in one (`builtIn: true`). */
export interface TemplateView extends TemplateSource {
  kind: TemplateKind;
  locale: Locale;
  builtIn: boolean;
  updatedAt: string | null;
}

function checkSizes(source: TemplateSource): void {
  const issues = [
    source.subject.length > TEMPLATE_SUBJECT_MAX_LENGTH
      ? { path: 'subject', message: `at most ${TEMPLATE_SUBJECT_MAX_LENGTH} characters` }
      : null,
    ...(['text', 'html'] as const).map((part) =>
      source[part].length > TEMPLATE_BODY_MAX_LENGTH
        ? { path: part, message: `at most ${TEMPLATE_BODY_MAX_LENGTH} characters` }
        : null,
    ),
  ].filter((issue) => issue !== null);
  if (issues.length > 0) throw new DomainError('VALIDATION_FAILED', 'Template too large', issues);
}

/** What a batch of emails is rendered with: the settings, and the templates in force. */
export interface EmailRendering {
  settings: SettingsView;
  render(
    kind: TemplateKind,
    locale: Locale,
    variables: TemplateVariables,
  ): Promise<RenderedEmail & { fallback: boolean }>;
}

/** The operator's template when there is one and it renders, else the built-in one. */
async function renderSaved(
  row: TemplateSource | undefined,
  kind: TemplateKind,
  locale: Locale,
  variables: TemplateVariables,
): Promise<RenderedEmail & { fallback: boolean }> {
  if (row) {
    try {
      return { ...(await renderTemplate(row, variables, locale)), fallback: false };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
  }
  return {
    ...(await renderTemplate(builtinTemplate(kind, locale), variables, locale)),
    fallback: row !== undefined,
  };
}

/**
 * The operator's email templates (spec §11): read, saved, deleted, previewed, and rendered for
 * the worker. A template is saved only once it parses and renders on the documented variables,
 * so an email never meets a template that fails on a name.
 */
export class TemplateService {
  readonly #fork: () => Em;

  constructor(fork: () => Em) {
    this.#fork = fork;
  }

  async get(actor: Actor, kind: TemplateKind, locale: Locale): Promise<TemplateView> {
    requirePermission(actor.principal, 'settings:read');
    return this.#view(this.#fork(), kind, locale);
  }

  async put(
    actor: Actor,
    kind: TemplateKind,
    locale: Locale,
    source: TemplateSource,
  ): Promise<TemplateView> {
    const principal = requirePermission(actor.principal, 'settings:write');
    checkSizes(source);
    compileTemplate(source);
    return inTransaction(this.#fork, async (tx) => {
      const settings = await loadSettings(tx);
      // Every documented variable is given; a name outside the list fails here, not in an email.
      await renderTemplate(source, sampleVariables(locale, product(settings)), locale);
      await new TemplateRepository(tx).save(kind, locale, source, principal.id);
      await recordAudit(tx, actor, [
        {
          action: 'template.updated',
          targetType: 'template',
          targetId: null,
          data: { kind, locale },
        },
      ]);
      return this.#view(tx, kind, locale);
    });
  }

  async remove(actor: Actor, kind: TemplateKind, locale: Locale): Promise<TemplateView> {
    requirePermission(actor.principal, 'settings:write');
    return inTransaction(this.#fork, async (tx) => {
      if (await new TemplateRepository(tx).remove(kind, locale)) {
        await recordAudit(tx, actor, [
          {
            action: 'template.deleted',
            targetType: 'template',
            targetId: null,
            data: { kind, locale },
          },
        ]);
      }
      return this.#view(tx, kind, locale);
    });
  }

  /** Renders the template given, else the one in force, with sample variables. */
  async preview(
    actor: Actor,
    kind: TemplateKind,
    locale: Locale,
    source?: TemplateSource,
  ): Promise<RenderedEmail> {
    requirePermission(actor.principal, 'settings:read');
    if (source) checkSizes(source);
    const em = this.#fork();
    const settings = await loadSettings(em);
    const chosen = source ?? (await this.#view(em, kind, locale));
    const sample = sampleVariables(locale, product(settings));
    // Shown as a real email shows them: with the operator's words for each permission.
    return renderTemplate(
      chosen,
      { ...sample, grants: grantLabels(sample.grants, settings) },
      locale,
    );
  }

  /**
   * The worker's side: an email of `kind` in `locale` from the operator's template, else the
   * built-in one. Should a saved template fail on real values (its limits), the built-in one
   * is sent instead: the email matters more than its wording.
   */
  async render(
    kind: TemplateKind,
    locale: Locale,
    variables: TemplateVariables,
  ): Promise<RenderedEmail & { fallback: boolean }> {
    const row = await new TemplateRepository(this.#fork()).find(kind, locale);
    return renderSaved(row, kind, locale, variables);
  }

  /**
   * For a batch of emails of these kinds: the settings and the saved templates, read once, and
   * a renderer that sends no statement of its own. At a backlog a read per email was a round
   * trip per email; a template saved meanwhile applies from the next batch on.
   */
  async forBatch(kinds: readonly TemplateKind[]): Promise<EmailRendering> {
    const em = this.#fork();
    const [settings, rows] = await Promise.all([
      loadSettings(em),
      new TemplateRepository(em).ofKinds(kinds),
    ]);
    const saved = new Map(rows.map((row) => [`${row.kind}/${row.locale}`, row]));
    return {
      settings,
      render: (kind, locale, variables) =>
        renderSaved(saved.get(`${kind}/${locale}`), kind, locale, variables),
    };
  }

  /** The settings an email needs: the product, the labels, the default locale. */
  settings(): Promise<SettingsView> {
    return loadSettings(this.#fork());
  }

  async #view(em: Em, kind: TemplateKind, locale: Locale): Promise<TemplateView> {
    const row = await new TemplateRepository(em).find(kind, locale);
    if (row) {
      const { subject, text, html } = row;
      return {
        kind,
        locale,
        subject,
        text,
        html,
        builtIn: false,
        updatedAt: toIso(row.updated_at),
      };
    }
    return { kind, locale, ...builtinTemplate(kind, locale), builtIn: true, updatedAt: null };
  }
}
