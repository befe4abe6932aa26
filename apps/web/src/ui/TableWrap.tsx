import type { ReactNode } from 'react';

/**
 * A table's box, which scrolls sideways on a phone while the page does not. It takes focus, so
 * that a keyboard can scroll it too (axe's scrollable-region-focusable, WCAG 2.1.1); `busy`
 * while the next page of rows is on its way.
 */
export function TableWrap({
  label,
  busy,
  children,
}: {
  label: string;
  busy?: boolean;
  children: ReactNode;
}) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
    <section className="table-wrap" aria-label={label} aria-busy={busy} tabIndex={0}>
      {children}
    </section>
  );
}
