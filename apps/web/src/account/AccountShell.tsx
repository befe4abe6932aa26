import { type ReactNode, type Ref, useEffect } from 'react';

/** The frame of the account pages: one heading, focused when it changes, and the title. */
export function AccountShell({
  title,
  headingRef,
  children,
}: {
  title: string;
  headingRef?: Ref<HTMLHeadingElement>;
  children?: ReactNode;
}) {
  useEffect(() => {
    document.title = `${title} · Guestlist`;
  }, [title]);
  return (
    <main className="invite">
      <h1 ref={headingRef} tabIndex={-1}>
        {title}
      </h1>
      {children}
    </main>
  );
}
