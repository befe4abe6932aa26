import { type WebhookEvent, type WebhookSubscription, webhookEvents } from '@guestlist/sdk';
import { useId } from 'react';

/** Every event, those added in later versions included; it stands alone (spec §9). */
export const ALL_EVENTS = '*' satisfies WebhookSubscription;

/** `webhook.test` reaches every webhook whatever it subscribes to: nothing to pick. */
const pickable = webhookEvents.filter((event) => event !== 'webhook.test');

/**
 * What a webhook listens to: "all events" (`['*']`, alone), or the events ticked. Controlled:
 * `value` in, `onChange` with the whole new list.
 */
export function EventsPicker({
  value,
  onChange,
}: {
  value: readonly WebhookSubscription[];
  onChange(next: WebhookSubscription[]): void;
}) {
  const id = useId();
  const all = value.includes(ALL_EVENTS);
  const chosen = new Set(value);
  const toggle = (event: WebhookEvent, on: boolean) =>
    onChange(pickable.filter((e) => (e === event ? on : chosen.has(e))));
  return (
    <fieldset className="events-picker">
      <legend>Events</legend>
      <label className="inline">
        <input
          type="radio"
          name={`${id}-scope`}
          checked={all}
          onChange={() => onChange([ALL_EVENTS])}
        />{' '}
        All events, including those added in later versions
      </label>
      <label className="inline">
        <input type="radio" name={`${id}-scope`} checked={!all} onChange={() => onChange([])} />{' '}
        Only these events:
      </label>
      <ul className="event-list">
        {pickable.map((event) => (
          <li key={event}>
            <label className="inline">
              <input
                type="checkbox"
                checked={!all && chosen.has(event)}
                disabled={all}
                onChange={(e) => toggle(event, e.target.checked)}
              />{' '}
              <code>{event}</code>
            </label>
          </li>
        ))}
      </ul>
      <p className="hint">A test event reaches the webhook whatever it listens to.</p>
    </fieldset>
  );
}
