import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { Route, Switch } from 'wouter';
import { InvitePage } from './invite/InvitePage.tsx';
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

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
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
  </StrictMode>,
);
