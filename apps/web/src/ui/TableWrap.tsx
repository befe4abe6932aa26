import type { ReactNode } from 'react';

/**
 * A table's box, which scrolls sideways on a phone while the page does not. It takes focus, so
 * that a keyboard can scroll it too (axe's scrollable-region-focusable, WCAG 2.1.1).
 */
export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
    <section className="table-wrap" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}
