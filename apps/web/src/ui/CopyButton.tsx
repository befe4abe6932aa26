import { useState } from 'react';
import { useToast } from './toast.tsx';

/**
 * Copies `text` to the clipboard. The Clipboard API exists only in secure contexts; over plain
 * http on a LAN (R24) the text is copied through a hidden selection instead.
 */
export function CopyButton({ text, what }: { text: string; what: string }) {
  const toast = useToast();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await writeClipboard(text);
      setCopied(true);
      setTimeout(() => setCopied(false), 2_000);
      toast.success(`Copied the ${what}.`);
    } catch {
      toast.error(`Could not copy the ${what}; select it and copy by hand.`);
    }
  };
  return (
    <button
      type="button"
      className="secondary copy"
      // The name starts with the visible text, whichever it shows (WCAG 2.5.3).
      aria-label={`${copied ? 'Copied' : 'Copy'} the ${what}`}
      onClick={() => void copy()}
    >
      {copied ? 'Copied' : 'Copy'}
    </button>
  );
}

async function writeClipboard(text: string): Promise<void> {
  if (window.isSecureContext && navigator.clipboard) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.className = 'visually-hidden';
  document.body.append(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('copy refused');
}

/** A value shown in full, in monospace, with its copy button: a link, a code, a secret. */
export function Copyable({ text, what }: { text: string; what: string }) {
  return (
    <span className="copyable">
      <code className="mono">{text}</code>
      <CopyButton text={text} what={what} />
    </span>
  );
}
