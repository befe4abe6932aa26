import { type ReactNode, useEffect, useRef, useState } from 'react';

interface ConfirmButtonProps {
  /** The button's text, and the confirming button's ("Delete", "Revoke"). */
  action: string;
  /** The dialog's question: "Delete this invite?" */
  title: string;
  /** What will happen, in a sentence or two: "The link stops working. This cannot be undone." */
  children: ReactNode;
  onConfirm(): void;
  disabled?: boolean;
  /** An accessible name for the button when its text alone is ambiguous in a table row. */
  label?: string;
  className?: string;
}

/**
 * A destructive action behind a modal question. The native `<dialog>` gives focus trapping,
 * Escape to close and the backdrop; focus starts on "Keep", so Enter twice does nothing harmful,
 * and returns to the button afterwards.
 */
export function ConfirmButton({
  action,
  title,
  children,
  onConfirm,
  disabled,
  label,
  className = 'danger',
}: ConfirmButtonProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  const titleId = useRef(`confirm-${Math.random().toString(36).slice(2)}`).current;
  return (
    <>
      <button
        type="button"
        className={className}
        disabled={disabled}
        aria-label={label}
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
      >
        {action}
      </button>
      <dialog ref={dialog} aria-labelledby={titleId} onClose={() => setOpen(false)}>
        {open && (
          <form
            method="dialog"
            onSubmit={(event) => {
              event.preventDefault();
              setOpen(false);
              onConfirm();
            }}
          >
            <h2 id={titleId}>{title}</h2>
            <div>{children}</div>
            <div className="actions">
              {/* biome-ignore lint/a11y/noAutofocus: the safe choice takes focus in a dialog */}
              <button type="button" className="secondary" autoFocus onClick={() => setOpen(false)}>
                Keep
              </button>
              <button type="submit" className="danger">
                {action}
              </button>
            </div>
          </form>
        )}
      </dialog>
    </>
  );
}
