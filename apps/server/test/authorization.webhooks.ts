import { must } from './actors.ts';
import type { httpClient } from './http.ts';

/**
 * The matrix's requests on one existing webhook, made once by the operator (an instance has
 * at most 16). `admin` is read when a cell runs, after the server started.
 */
export function webhookCells(admin: () => ReturnType<typeof httpClient>) {
  let shared: Promise<string> | undefined;
  const hook = (): Promise<string> =>
    (shared ??= admin()
      .post('/webhooks', { url: 'https://8.8.8.8/shared', events: ['invite.created'] })
      .then((res) => `/webhooks/${must(res, 201, 'create a webhook').data.id}`));
  const on = (suffix: string) => async () => ({ path: `${await hook()}${suffix}` });
  return {
    'PATCH /webhooks/{id}': async () => ({ path: await hook(), body: { enabled: false } }),
    'POST /webhooks/{id}/test': on('/test'),
    'GET /webhooks/{id}/deliveries': on('/deliveries'),
    // A test delivery no worker has sent: a retry leaves it pending, and answers 202.
    'POST /webhooks/{id}/deliveries/{deliveryId}/retry': async () => {
      const test = must(await admin().post(`${await hook()}/test`, {}), 202, 'queue a test');
      return { path: `${await hook()}/deliveries/${test.data.id}/retry` };
    },
    'POST /webhooks/{id}/rotate-secret': on('/rotate-secret'),
  };
}
