/**
 * Dates in the reader's locale and time zone (the browser's), never the server's or UTC's:
 * "30 Dec 2026, 01:57" for en-GB, "30.12.2026, 01:57" for de-DE.
 */
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const date = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export const formatDateTime = (iso: string): string => dateTime.format(new Date(iso));
export const formatDate = (iso: string): string => date.format(new Date(iso));
