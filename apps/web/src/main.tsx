import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Route, Switch } from 'wouter';
import { ResetPasswordPage } from './account/ResetPasswordPage.tsx';
import { VerifyEmailPage } from './account/VerifyEmailPage.tsx';
import { Console } from './console/Console.tsx';
import { InvitePage } from './invite/InvitePage.tsx';
import { SessionProvider } from './session.tsx';
import './styles.css';

const queries = new QueryClient({
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } },
});

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <QueryClientProvider client={queries}>
      <SessionProvider>
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
      </SessionProvider>
    </QueryClientProvider>
  </StrictMode>,
);
