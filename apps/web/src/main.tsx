import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { Route, Switch } from 'wouter';
import { applyAccent, BrandingProvider, readBranding } from './branding.tsx';
import { chooseLocale, I18nProvider, loadTranslator } from './i18n.tsx';
import { InvitePage } from './invite/InvitePage.tsx';
import { readPageData } from './invite/preview.ts';
import { SessionProvider } from './session.tsx';
import { ToastProvider } from './ui/toast.tsx';
import './styles.css';

// The invite page is in the first chunk; everything else loads when it is opened.
const Console = lazy(async () => ({ default: (await import('./console/Console.tsx')).Console }));
const VerifyEmailPage = lazy(async () => ({
  default: (await import('./account/VerifyEmailPage.tsx')).VerifyEmailPage,
}));
const ResetPasswordPage = lazy(async () => ({
  default: (await import('./account/ResetPasswordPage.tsx')).ResetPasswordPage,
}));

const queries = new QueryClient({
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } },
});

const branding = readBranding();
applyAccent(branding.accentColor);
// The pages people reach from an invite or an email speak their language; the console, English.
const path = window.location.pathname;
const personal = /^\/(i\/|verify-email|reset-password)/.test(path);
const data = readPageData();
const locale = personal
  ? chooseLocale(
      data && 'invite' in data ? data.invite.locale : null,
      navigator.languages,
      branding.defaultLocale,
    )
  : 'en';
document.documentElement.lang = locale;

const translator = await loadTranslator(locale);

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <BrandingProvider value={branding}>
      <I18nProvider value={translator}>
        <QueryClientProvider client={queries}>
          <SessionProvider>
            <ToastProvider>
              <Suspense fallback={<p className="loading">Loading…</p>}>
                <Switch>
                  <Route path="/i/:code">{(params) => <InvitePage code={params.code} />}</Route>
                  <Route path="/verify-email">
                    <VerifyEmailPage />
                  </Route>
                  <Route path="/reset-password">
                    <ResetPasswordPage />
                  </Route>
                  <Route>
                    <Console />
                  </Route>
                </Switch>
              </Suspense>
            </ToastProvider>
          </SessionProvider>
        </QueryClientProvider>
      </I18nProvider>
    </BrandingProvider>
  </StrictMode>,
);
