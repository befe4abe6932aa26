import type { Locale, TemplateBody, TemplateKind } from '@guestlist/sdk';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ErrorText, useSession } from '../../session.tsx';
import { templateProblem } from './template-error.ts';

const DEBOUNCE_MS = 400;

/** `value`, once it has stopped changing for a moment. */
function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * The email as the template being edited renders it, with sample values: asked of the server
 * (the same sandbox real emails go through) a moment after typing stops. The HTML is shown in
 * a frame with every sandbox restriction: no script, no form, no navigation, no origin.
 */
export function TemplatePreview({
  kind,
  locale,
  body,
}: {
  kind: TemplateKind;
  locale: Locale;
  body: TemplateBody;
}) {
  const { client, token } = useSession();
  const settled = useDebounced(body, DEBOUNCE_MS);
  const preview = useQuery({
    queryKey: ['template-preview', token, kind, locale, settled],
    queryFn: () => client.templates.preview(kind, locale, settled),
    placeholderData: keepPreviousData,
  });
  const problem = templateProblem(preview.error);
  // The HTML is shown on request: a tall frame in the way on a phone, and its content is the
  // operator's email, not this page.
  const [showHtml, setShowHtml] = useState(false);
  return (
    <section
      aria-labelledby="preview-title"
      className="template-preview"
      aria-busy={preview.isFetching}
    >
      <h4 id="preview-title">Preview</h4>
      {problem ? (
        <p role="alert" className="error">
          {problem}
        </p>
      ) : (
        <ErrorText error={preview.error} />
      )}
      {preview.data && !preview.isError && (
        <>
          <p>
            <strong>Subject:</strong>{' '}
            <span data-testid="preview-subject">{preview.data.subject}</span>
          </p>
          <pre className="preview-text" data-testid="preview-text">
            {preview.data.text}
          </pre>
          <button
            type="button"
            className="secondary"
            aria-expanded={showHtml}
            onClick={() => setShowHtml((shown) => !shown)}
          >
            {showHtml ? 'Hide the HTML email' : 'Show the HTML email'}
          </button>
          {showHtml && (
            <iframe
              className="preview-html"
              title="The HTML email"
              sandbox=""
              srcDoc={preview.data.html}
            />
          )}
        </>
      )}
    </section>
  );
}
