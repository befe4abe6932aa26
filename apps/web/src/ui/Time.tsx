import { formatDate, formatDateTime } from './dates.ts';

/**
 * A timestamp as the reader's locale and time zone write it; the exact instant (UTC, ISO) in
 * its `title` and `dateTime`. A dash for none.
 */
export function Time({ iso, dateOnly = false }: { iso: string | null; dateOnly?: boolean }) {
  if (!iso)
    return (
      <>
        <span aria-hidden="true">—</span>
        <span className="visually-hidden">never</span>
      </>
    );
  return (
    <time dateTime={iso} title={iso}>
      {dateOnly ? formatDate(iso) : formatDateTime(iso)}
    </time>
  );
}
