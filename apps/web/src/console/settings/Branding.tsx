import { type Locale, locales, type Settings } from '@guestlist/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useBranding } from '../../branding.tsx';
import { ErrorText, useSession } from '../../session.tsx';
import { useToast } from '../../ui/toast.tsx';
import { type LabelRow, LabelRows } from './PermissionLabels.tsx';

const COLOR = /^#[0-9a-fA-F]{6}$/;

/** Each locale by its own name, so a reader finds their language whatever the console's. */
const LANGUAGE_NAMES: Record<Locale, string> = {
  en: 'English',
  de: 'Deutsch',
  fr: 'Français',
  es: 'Español',
};

const originOf = (url: string | null) => {
  try {
    return url ? new URL(url).origin : null;
  } catch {
    return null;
  }
};

/** The product's name, logo, colour and words, as invite pages and emails show them (§11). */
export function BrandingSettings() {
  const { client, token } = useSession();
  const settings = useQuery({
    queryKey: ['settings', token],
    queryFn: () => client.settings.get(),
  });
  if (settings.isPending) return <p>Loading the branding…</p>;
  if (settings.isError) return <ErrorText error={settings.error} />;
  return <BrandingForm key={settings.data.updatedAt} settings={settings.data} />;
}

function BrandingForm({ settings }: { settings: Settings }) {
  const { client, token } = useSession();
  const queries = useQueryClient();
  const toast = useToast();
  const served = useBranding();
  const [accent, setAccent] = useState(settings.accentColor);
  const [logo, setLogo] = useState(settings.logoUrl ?? '');
  const [labels, setLabels] = useState<LabelRow[]>(() =>
    Object.entries(settings.permissionLabels).map(([permission, words], id) => ({
      id,
      permission,
      words,
    })),
  );
  const save = useMutation({
    mutationFn: (form: FormData) =>
      client.settings.update({
        productName: String(form.get('productName')),
        accentColor: accent.trim(),
        logoUrl: logo.trim() || null,
        supportEmail: String(form.get('supportEmail') ?? '').trim() || null,
        defaultLocale: form.get('defaultLocale') as Locale,
        permissionLabels: Object.fromEntries(
          labels
            .filter((row) => row.permission && row.words.trim())
            .map((row) => [row.permission, row.words.trim()]),
        ),
      }),
    onSuccess: (saved) => {
      queries.setQueryData(['settings', token], saved);
      toast.success('Branding saved. Pages opened from now on show it.');
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    save.mutate(new FormData(event.currentTarget));
  };
  // This page's policy lets images load from the logo's origin as it was when the page was
  // served: a logo elsewhere shows once saved, on the next page opened.
  const previewable =
    logo !== '' && originOf(logo) !== null && originOf(logo) === originOf(served.logoUrl);
  return (
    <section aria-labelledby="branding-title">
      <h3 id="branding-title">Branding</h3>
      <form onSubmit={submit} className="branding-form">
        <label>
          Product name
          <input name="productName" defaultValue={settings.productName} required maxLength={100} />
        </label>
        <div className="field">
          <label htmlFor="accent-text">Accent colour</label>
          <div className="accent-row">
            <input
              type="color"
              aria-label="Accent colour picker"
              value={COLOR.test(accent) ? accent.toLowerCase() : '#000000'}
              onChange={(event) => setAccent(event.target.value)}
            />
            <input
              id="accent-text"
              value={accent}
              onChange={(event) => setAccent(event.target.value)}
              aria-describedby="accent-hint"
              spellCheck={false}
            />
          </div>
          <p id="accent-hint" className="hint">
            As #rrggbb: buttons, links and the emails' accent.
          </p>
        </div>
        <label>
          Logo URL
          <input
            name="logoUrl"
            type="text"
            inputMode="url"
            value={logo}
            onChange={(event) => setLogo(event.target.value)}
            placeholder="https://cdn.example.com/logo.png"
            aria-describedby="logo-hint"
          />
        </label>
        <p id="logo-hint" className="hint">
          An https address, or empty for none.{' '}
          {logo &&
            !previewable &&
            'The preview appears once the logo is saved and the page reloaded.'}
        </p>
        {previewable && (
          <figure className="logo-preview">
            <img src={logo} alt="The logo as pages show it" />
          </figure>
        )}
        <label>
          Support email <span className="hint">(optional)</span>
          <input name="supportEmail" type="email" defaultValue={settings.supportEmail ?? ''} />
        </label>
        <label>
          Default language
          <select name="defaultLocale" defaultValue={settings.defaultLocale}>
            {locales.map((locale) => (
              <option key={locale} value={locale}>
                {LANGUAGE_NAMES[locale]} ({locale})
              </option>
            ))}
          </select>
        </label>
        <LabelRows rows={labels} onChange={setLabels} />
        <button type="submit" disabled={save.isPending}>
          Save branding
        </button>
        <ErrorText error={save.error} />
      </form>
    </section>
  );
}
