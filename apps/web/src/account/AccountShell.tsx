import { type ReactNode, type Ref, useEffect } from 'react';
import { Logo, useBranding } from '../branding.tsx';

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
  const { productName } = useBranding();
  useEffect(() => {
    document.title = `${title} · ${productName}`;
  }, [title, productName]);
  return (
    <main className="invite">
      <Logo />
      <h1 ref={headingRef} tabIndex={-1}>
        {title}
      </h1>
      {children}
    </main>
  );
}
