import type { CreatedWebhook, Webhook, WebhookSubscription } from '@guestlist/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link } from 'wouter';
import { ErrorText, useSession } from '../../session.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { useSingleFlight } from '../../ui/single-flight.ts';
import { TableWrap } from '../../ui/TableWrap.tsx';
import { Time } from '../../ui/Time.tsx';
import { useToast } from '../../ui/toast.tsx';
import { LoadError } from '../NeedsPermission.tsx';
import { SecretOnce } from '../SecretOnce.tsx';
import { ALL_EVENTS, EventsPicker } from './EventsPicker.tsx';

export const webhooksKey = (token: string | null) => ['webhooks', token] as const;

/** The webhooks, newest first, and the form that adds one. */
export function WebhookList() {
  const { client, token } = useSession();
  const [created, setCreated] = useState<CreatedWebhook | null>(null);
  const webhooks = useQuery({
    queryKey: webhooksKey(token),
    queryFn: () => client.webhooks.list(),
  });
  return (
    <section aria-labelledby="page-title" className="webhooks">
      <h2 id="page-title">Webhooks</h2>
      <p className="hint">
        A webhook is a URL of yours that Guestlist calls when something happens (an invite created,
        accepted, a user joining), signed so that you can check it came from here.
      </p>
      {created ? (
        <SecretOnce
          title="Your webhook's signing secret"
          secret={created.secret}
          what="signing secret"
          onDone={() => setCreated(null)}
        >
          <p>
            Verify each delivery with it (the SDK's <code>verifyWebhook</code>, or any Standard
            Webhooks library). <Link href={`/${created.id}`}>Open the webhook</Link> to send it a
            test event.
          </p>
        </SecretOnce>
      ) : (
        <CreateWebhook onCreated={setCreated} />
      )}
      <h3>Registered webhooks</h3>
      {webhooks.isPending ? (
        <p>Loading webhooks…</p>
      ) : webhooks.isError ? (
        <LoadError error={webhooks.error} permission="webhook:write" purpose="manage webhooks" />
      ) : webhooks.data.length === 0 ? (
        <EmptyState title="No webhooks yet">
          Add your receiver's URL above to be told of invites and members as they happen, instead of
          polling the API.
        </EmptyState>
      ) : (
        <WebhooksTable webhooks={webhooks.data} />
      )}
    </section>
  );
}

function CreateWebhook({ onCreated }: { onCreated(webhook: CreatedWebhook): void }) {
  const { client, token } = useSession();
  const queries = useQueryClient();
  const toast = useToast();
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<WebhookSubscription[]>([ALL_EVENTS]);
  const once = useSingleFlight();
  const create = useMutation({
    mutationFn: () => client.webhooks.create({ url: url.trim(), events }),
    // The answer holds the signing secret: shown once by the page, kept by no cache.
    gcTime: 0,
    onSuccess: (webhook) => {
      toast.success('Webhook created.');
      setUrl('');
      setEvents([ALL_EVENTS]);
      void queries.invalidateQueries({ queryKey: webhooksKey(token) });
      onCreated(webhook);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    once(() => create.mutateAsync());
  };
  return (
    <form onSubmit={submit} aria-labelledby="create-webhook-title">
      <h3 id="create-webhook-title">Add a webhook</h3>
      <label>
        URL
        <input
          type="url"
          value={url}
          required
          placeholder="https://app.example.com/hooks/guestlist"
          onChange={(event) => setUrl(event.target.value)}
        />
      </label>
      <EventsPicker value={events} onChange={setEvents} />
      <div className="actions">
        <button type="submit" disabled={create.isPending || events.length === 0}>
          Add webhook
        </button>
        {events.length === 0 && <span className="hint">Pick at least one event.</span>}
      </div>
      <ErrorText error={create.error} />
    </form>
  );
}

export function EventList({ events }: { events: readonly WebhookSubscription[] }) {
  if (events.includes(ALL_EVENTS)) return <span>All events</span>;
  return (
    <ul className="events">
      {events.map((event) => (
        <li key={event}>
          <code>{event}</code>
        </li>
      ))}
    </ul>
  );
}

function WebhooksTable({ webhooks }: { webhooks: Webhook[] }) {
  return (
    <TableWrap label="Webhooks table">
      <table>
        <caption className="visually-hidden">Webhooks</caption>
        <thead>
          <tr>
            <th scope="col">URL</th>
            <th scope="col">Events</th>
            <th scope="col">State</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {webhooks.map((webhook) => (
            <tr key={webhook.id}>
              <th scope="row" className="url">
                <Link href={`/${webhook.id}`}>{webhook.url}</Link>
              </th>
              <td>
                <EventList events={webhook.events} />
              </td>
              <td>{webhook.enabled ? 'Enabled' : 'Disabled'}</td>
              <td>
                <Time iso={webhook.createdAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
