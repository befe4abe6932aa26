import { type ReactNode, useEffect, useRef } from 'react';
import { Copyable } from '../ui/CopyButton.tsx';
import './secret-once.css';

interface SecretOnceProps {
  /** The box's heading: "Your new API key". */
  title: string;
  secret: string;
  /** What the copy button copies: "API key", "signing secret". */
  what: string;
  /** What to do with it, beyond "copy it now". */
  children?: ReactNode;
  onDone(): void;
}

/**
 * A secret the server shows this once: in full, with its copy button and the sentence that it
 * will not be shown again. It takes focus when it appears, so a screen reader reads it next.
 */
export function SecretOnce({ title, secret, what, children, onDone }: SecretOnceProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="secret-once" aria-labelledby="secret-once-title">
      <h3 id="secret-once-title" ref={heading} tabIndex={-1}>
        {title}
      </h3>
      <p>
        <strong>Copy it now: it will not be shown again.</strong> Guestlist keeps no copy it could
        show you later.
      </p>
      <Copyable text={secret} what={what} />
      {children}
      <div className="actions">
        <button type="button" className="secondary" onClick={onDone}>
          I have copied it
        </button>
      </div>
    </section>
  );
}
