import {
  type Locale,
  locales,
  type Template,
  type TemplateKind,
  templateKinds,
} from '@guestlist/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ErrorText, useSession } from '../../session.tsx';
import { ConfirmButton } from '../../ui/ConfirmButton.tsx';
import { useToast } from '../../ui/toast.tsx';
import { TemplatePreview } from './TemplatePreview.tsx';
import { templateProblem } from './template-error.ts';

/** The emails' templates (spec §11): one per kind and language, in Liquid. */
export function TemplateEditor() {
  const { client, token } = useSession();
  const [kind, setKind] = useState<TemplateKind>('invite');
  const [locale, setLocale] = useState<Locale>('en');
  const template = useQuery({
    queryKey: ['template', token, kind, locale],
    queryFn: () => client.templates.get(kind, locale),
  });
  return (
    <section aria-labelledby="templates-title">
      <h3 id="templates-title">Email templates</h3>
      <div className="template-pick">
        {/* Labelled by `for`, not by wrapping: a wrapping label's name would include the choice. */}
        <div className="field">
          <label htmlFor="template-kind">Email</label>
          <select
            id="template-kind"
            value={kind}
            onChange={(event) => setKind(event.target.value as TemplateKind)}
          >
            {templateKinds.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="template-locale">Language</label>
          <select
            id="template-locale"
            value={locale}
            onChange={(event) => setLocale(event.target.value as Locale)}
          >
            {locales.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </div>
      </div>
      {template.isPending && <p>Loading the template…</p>}
      <ErrorText error={template.error} />
      {template.data && (
        <TemplateForm
          key={`${kind}/${locale}/${template.data.updatedAt ?? 'built-in'}`}
          template={template.data}
        />
      )}
    </section>
  );
}

function TemplateForm({ template }: { template: Template }) {
  const { client, token } = useSession();
  const queries = useQueryClient();
  const toast = useToast();
  const { kind, locale } = template;
  const [body, setBody] = useState({
    subject: template.subject,
    text: template.text,
    html: template.html,
  });
  const saved = (next: Template) => queries.setQueryData(['template', token, kind, locale], next);
  const save = useMutation({
    mutationFn: () => client.templates.put(kind, locale, body),
    onSuccess: (next) => {
      saved(next);
      toast.success(`The ${kind} template in ${locale} is saved.`);
    },
  });
  const reset = useMutation({
    mutationFn: () => client.templates.delete(kind, locale),
    onSuccess: (next) => {
      saved(next);
      toast.success(`The ${kind} template in ${locale} is the built-in one again.`);
    },
    onError: (error) => toast.error('Could not return to the built-in template', error),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const problem = templateProblem(save.error);
  return (
    <div className="template-editor">
      <form onSubmit={submit} aria-label={`The ${kind} template in ${locale}`}>
        <p className="hint">
          {template.builtIn
            ? 'The built-in template: saving makes it yours.'
            : 'Your own template.'}
        </p>
        <label>
          Subject
          <input
            value={body.subject}
            onChange={(event) => setBody({ ...body, subject: event.target.value })}
            spellCheck={false}
          />
        </label>
        <label>
          Text body
          <textarea
            rows={8}
            value={body.text}
            onChange={(event) => setBody({ ...body, text: event.target.value })}
            spellCheck={false}
          />
        </label>
        <label>
          HTML body
          <textarea
            rows={10}
            value={body.html}
            onChange={(event) => setBody({ ...body, html: event.target.value })}
            spellCheck={false}
          />
        </label>
        <div className="actions">
          <button type="submit" disabled={save.isPending}>
            Save template
          </button>
          {!template.builtIn && (
            <ConfirmButton
              action="Return to the built-in"
              title="Return to the built-in template?"
              onConfirm={() => reset.mutate()}
              disabled={reset.isPending}
            >
              Your {kind} template in {locale} is deleted, and emails use the built-in one again.
              This cannot be undone.
            </ConfirmButton>
          )}
        </div>
        {problem ? (
          <p role="alert" className="error">
            {problem}
          </p>
        ) : (
          <ErrorText error={save.error} />
        )}
      </form>
      <TemplatePreview kind={kind} locale={locale} body={body} />
    </div>
  );
}
