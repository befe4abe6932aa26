import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { describeError } from '../session.tsx';

/**
 * Short-lived notes on what an action did ("Invite canceled", "Could not revoke the key: …").
 * One polite live region announces them to screen readers; errors are alerts. Each note leaves
 * after a few seconds, or when dismissed.
 */
interface Toast {
  id: number;
  kind: 'success' | 'error';
  text: string;
}

interface Toaster {
  success(text: string): void;
  /** The server's message for a failed call, after `prefix` ("Could not revoke the key"). */
  error(prefix: string, error?: unknown): void;
}

const ToastContext = createContext<Toaster | null>(null);
const LIFETIME_MS = 6_000;
let nextId = 1;

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const dismiss = useCallback(
    (id: number) => setToasts((current) => current.filter((toast) => toast.id !== id)),
    [],
  );
  const push = useCallback(
    (kind: Toast['kind'], text: string) => {
      const id = nextId++;
      setToasts((current) => [...current.slice(-3), { id, kind, text }]);
      setTimeout(() => dismiss(id), LIFETIME_MS);
    },
    [dismiss],
  );
  const toaster = useMemo<Toaster>(
    () => ({
      success: (text) => push('success', text),
      error: (prefix, error) =>
        push('error', error === undefined ? prefix : `${prefix}: ${describeError(error)}`),
    }),
    [push],
  );
  return (
    <ToastContext.Provider value={toaster}>
      {children}
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((toast) => (
          <div key={toast.id} className={`toast ${toast.kind}`}>
            <span role={toast.kind === 'error' ? 'alert' : undefined}>{toast.text}</span>
            <button
              type="button"
              className="link"
              aria-label="Dismiss"
              onClick={() => dismiss(toast.id)}
            >
              ×
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast(): Toaster {
  const toaster = useContext(ToastContext);
  if (!toaster) throw new Error('useToast outside ToastProvider');
  return toaster;
}
