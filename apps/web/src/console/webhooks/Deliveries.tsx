import { type WebhookDelivery, webhookDeliveryStatuses } from '@guestlist/sdk';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorText, useSession } from '../../session.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { TableWrap } from '../../ui/TableWrap.tsx';
import { Time } from '../../ui/Time.tsx';
import { useToast } from '../../ui/toast.tsx';

type WebhookDeliveryStatus = WebhookDelivery['status'];

const PAGE_SIZE = 20;
/** While a delivery is on its way, the log is read again this often. */
const REFRESH_MS = 1_000;

export const deliveriesKey = (token: string | null, webhookId: string) =>
  ['webhook-deliveries', token, webhookId] as const;

/** One webhook's deliveries log, newest first: a status filter, cursor pages, retries. */
export function Deliveries({ webhookId }: { webhookId: string }) {
  const { client, token } = useSession();
  const [status, setStatus] = useState<WebhookDeliveryStatus | ''>('');
  // The cursors of the pages seen so far: going back needs no cursor of its own.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const after = cursors.at(-1);
  const log = useQuery({
    queryKey: [...deliveriesKey(token, webhookId), status, after],
    queryFn: () =>
      client.webhooks.deliveries(webhookId, {
        size: PAGE_SIZE,
        ...(status ? { status } : {}),
        ...(after ? { after } : {}),
      }),
    placeholderData: keepPreviousData,
    refetchInterval: (query) =>
      query.state.data?.data.some((d) => d.status === 'pending') ? REFRESH_MS : false,
  });
  return (
    <section aria-labelledby="deliveries-title">
      <h3 id="deliveries-title">Deliveries</h3>
      <form className="filters" aria-label="Filter deliveries" onSubmit={(e) => e.preventDefault()}>
        <label>
          Status
          <select
            value={status}
            onChange={(event) => {
              setStatus(event.target.value as WebhookDeliveryStatus | '');
              setCursors([undefined]);
            }}
          >
            <option value="">Any</option>
            {webhookDeliveryStatuses.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <button type="button" className="secondary" onClick={() => void log.refetch()}>
          Refresh
        </button>
      </form>
      {log.isPending ? (
        <p>Loading deliveries…</p>
      ) : log.isError ? (
        <ErrorText error={log.error} />
      ) : log.data.data.length === 0 ? (
        <EmptyState title={status ? `No ${status} deliveries` : 'No deliveries yet'}>
          {status
            ? 'Choose another status to see the rest of the log.'
            : 'Each event this webhook listens to shows here, with how the receiver answered. Send a test event to try the receiver now.'}
        </EmptyState>
      ) : (
        <>
          <p className="hint">
            {log.data.total} {log.data.total === 1 ? 'delivery' : 'deliveries'}
            {status ? ` ${status}` : ''}; delivered ones are kept 7 days, failed ones 30.
          </p>
          <DeliveriesTable webhookId={webhookId} deliveries={log.data.data} />
        </>
      )}
      <nav className="pager" aria-label="Deliveries pages">
        <button
          type="button"
          className="secondary"
          disabled={cursors.length === 1}
          onClick={() => setCursors((c) => c.slice(0, -1))}
        >
          Newer
        </button>
        <button
          type="button"
          className="secondary"
          disabled={!log.data?.nextCursor}
          onClick={() => {
            const next = log.data?.nextCursor;
            if (next) setCursors((c) => [...c, next]);
          }}
        >
          Older
        </button>
      </nav>
    </section>
  );
}

function DeliveriesTable({
  webhookId,
  deliveries,
}: {
  webhookId: string;
  deliveries: WebhookDelivery[];
}) {
  const { client, token } = useSession();
  const queries = useQueryClient();
  const toast = useToast();
  const retry = useMutation({
    mutationFn: (delivery: WebhookDelivery) => client.webhooks.retry(webhookId, delivery.id),
    onSuccess: (delivery) => {
      toast.success(`Delivery of ${delivery.event} queued again.`);
      void queries.invalidateQueries({ queryKey: deliveriesKey(token, webhookId) });
    },
    onError: (error) => toast.error('Could not retry the delivery', error),
  });
  return (
    <TableWrap label="Deliveries table">
      <table>
        <caption className="visually-hidden">Deliveries, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">Status</th>
            <th scope="col">Attempts</th>
            <th scope="col">Response</th>
            <th scope="col">Created</th>
            <th scope="col">Delivered</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {deliveries.map((delivery) => (
            <tr key={delivery.id} data-delivery={delivery.id}>
              <th scope="row">
                <code>{delivery.event}</code>
              </th>
              <td className={`status-${delivery.status}`}>{delivery.status}</td>
              <td>{delivery.attempts}</td>
              <td className="error-text">
                {delivery.responseStatus !== null && <>HTTP {delivery.responseStatus}</>}
                {delivery.durationMs !== null && <> in {delivery.durationMs} ms</>}
                {delivery.lastError && <div className="error">{delivery.lastError}</div>}
                {delivery.responseStatus === null && !delivery.lastError && '—'}
              </td>
              <td>
                <Time iso={delivery.createdAt} />
              </td>
              <td>
                <Time iso={delivery.deliveredAt} />
              </td>
              <td>
                {delivery.status === 'failed' && (
                  <button
                    type="button"
                    className="secondary"
                    aria-label={`Retry the ${delivery.event} delivery`}
                    disabled={retry.isPending}
                    onClick={() => retry.mutate(delivery)}
                  >
                    Retry
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
