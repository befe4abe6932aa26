import type { AuditEvent } from '@guestlist/sdk';
import { Link } from 'wouter';
import { TableWrap } from '../../ui/TableWrap.tsx';
import { Time } from '../../ui/Time.tsx';

/** Events as rows: when, what, who, from where, to what; each one's recorded details unfold. */
export function AuditTable({ events, busy }: { events: AuditEvent[]; busy: boolean }) {
  return (
    <TableWrap label="Audit events table" busy={busy}>
      <table className="audit-table">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Action</th>
            <th scope="col">Actor</th>
            <th scope="col">IP</th>
            <th scope="col">Target</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr key={event.id}>
              <td>
                <Time iso={event.createdAt} />
              </td>
              <td className="mono">{event.action}</td>
              <td>
                {event.actor.type}
                {event.actor.id && (
                  <div className="id">
                    {event.actor.type === 'user' ? (
                      <Link href={`~/console/users/${event.actor.id}`}>{event.actor.id}</Link>
                    ) : (
                      event.actor.id
                    )}
                  </div>
                )}
              </td>
              <td className="mono">{event.ip ?? '—'}</td>
              <td>
                {event.target.type}
                {event.target.id && <div className="id">{event.target.id}</div>}
              </td>
              <td>
                <details>
                  <summary>Details</summary>
                  <pre className="audit-data">
                    {JSON.stringify(
                      { id: event.id, inviteId: event.inviteId, data: event.data },
                      null,
                      2,
                    )}
                  </pre>
                </details>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
