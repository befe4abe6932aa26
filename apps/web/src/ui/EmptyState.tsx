import type { ReactNode } from 'react';

/** What an empty list means, and what to do about it: never just a blank table. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <p>
        <strong>{title}</strong>
      </p>
      {children && <p className="hint">{children}</p>}
    </div>
  );
}
