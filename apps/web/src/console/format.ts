/** A timestamp as the reader's locale writes it; a dash for none. */
export const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');
